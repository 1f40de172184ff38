export { GradientLab } from './GradientLab';
