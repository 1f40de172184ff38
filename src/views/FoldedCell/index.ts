export { FoldedCell } from './FoldedCell';
