export { UnrolledGraph } from './UnrolledGraph';
