/** The settings at the foot of the page (model, model files, notation, image export): one chunk loaded after the first view. */
import { ModelPanel, NotationSwitch } from '../views/Controls';
import { ImageExport } from '../views/ImageExport';
import { ModelFiles } from '../views/ModelFiles';

/** The settings row's content. */
export function SettingsRow() {
  return (
    <>
      <ModelPanel />
      <ModelFiles />
      <NotationSwitch />
      <ImageExport />
    </>
  );
}
