export { StepControls } from './StepControls';
export { InputEditor } from './InputEditor';
export { ModelPanel } from './ModelPanel';
export { NotationSwitch } from './NotationSwitch';
export { LayerPicker } from './LayerPicker';
export { KeyboardHelp } from './KeyboardHelp';
export { InitialState } from './InitialState';
