export { MlpComparison } from './MlpComparison';
