export { ImageExport } from './ImageExport';
