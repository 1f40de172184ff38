export { LessonPanel } from './LessonPanel';
