/** The GradientLab view (filled in by its feature). */
export function GradientLab() {
  return null;
}
