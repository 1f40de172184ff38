export { ModelFiles } from './ModelFiles';
