export { WeightsPanel } from './WeightsPanel';
