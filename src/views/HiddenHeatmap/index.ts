export { HiddenHeatmap } from './HiddenHeatmap';
