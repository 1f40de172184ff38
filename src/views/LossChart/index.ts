export { LossChart } from './LossChart';
