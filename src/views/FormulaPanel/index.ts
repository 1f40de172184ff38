export { FormulaPanel } from './FormulaPanel';
