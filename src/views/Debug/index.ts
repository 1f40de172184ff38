export { DebugPanel } from './DebugPanel';
