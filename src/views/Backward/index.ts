export { BackwardPanel } from './BackwardPanel';
