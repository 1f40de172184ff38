/** The guided lessons panel (filled in by its feature). */
export function LessonPanel() {
  return null;
}
