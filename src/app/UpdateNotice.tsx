/**
 * "A new version is ready": shown when a newer build has installed beside the running one. The page never reloads
 * by itself; "Reload to update" saves the work first, then switches (src/app/serviceWorker.ts).
 */
import { useEffect, useState } from 'react';
import { applyUpdate, onUpdateReady, updateReady } from './serviceWorker';

/** Props of the update notice. */
export interface UpdateNoticeProps {
  /** Saves the work (link and session) before the reload. */
  beforeReload: () => Promise<void>;
}

/** The notice, or nothing while no new version waits or after "Later". */
export function UpdateNotice({ beforeReload }: UpdateNoticeProps) {
  const [ready, setReady] = useState(updateReady);
  const [later, setLater] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  useEffect(() => onUpdateReady(setReady), []);
  if (!ready || later) return null;
  const reload = () => {
    setFailed(null);
    setSwitching(true);
    applyUpdate(beforeReload).catch((e: unknown) => { setSwitching(false); setFailed(`The work could not be saved, so the page was not reloaded: ${e instanceof Error ? e.message : String(e)}`); });
  };
  return (
    <div className="update-notice" role="status">
      <p>{switching ? 'Your work is saved; switching to the new version (a few seconds)…' : 'A new version of rnn-unfold is ready. Reloading keeps your model, input and step.'}</p>
      <button type="button" onClick={reload}>Reload to update</button>
      <button type="button" onClick={() => setLater(true)}>Later</button>
      {failed && <p className="error">{failed}</p>}
    </div>
  );
}
