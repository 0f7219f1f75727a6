// What the user chose for the next upload, scanned by the engine's own scanner before anything
// is sent, so the window can show what will go and what will not. Scans run in the background;
// every change is pushed. Starting the upload takes the paths and empties the list.
import { basename } from 'node:path';
import type { StagedItem, StagingSnapshot } from '../../shared/schemas/staging';
import { isMasvError } from '../masv/errors';
import { scanInputs, type ScanResult } from '../engine/upload/scan-inputs';

/** Enough to show; the count stays exact. */
const MAX_SKIPPED_SHOWN = 200;

type Listener = (snapshot: StagingSnapshot) => void;

export class UploadStaging {
  private items: StagedItem[] = [];
  private readonly scanning = new Set<string>();
  private errors: { path: string; message: string }[] = [];
  private nextId = 1;
  private readonly listeners = new Set<Listener>();
  /** Bumped by clear(): a scan that started before it is dropped when it ends. */
  private generation = 0;

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts scanning the new paths; returns at once (the results are pushed). */
  add(paths: readonly string[]): StagingSnapshot {
    const known = new Set([...this.items.map((i) => i.path), ...this.scanning]);
    const fresh = [...new Set(paths)].filter((p) => !known.has(p));
    this.errors = this.errors.filter((e) => !fresh.includes(e.path));
    for (const p of fresh) {
      this.scanning.add(p);
      void this.scan(p, this.generation);
    }
    if (fresh.length > 0) this.changed();
    return this.snapshot();
  }

  remove(id: string): StagingSnapshot {
    this.items = this.items.filter((i) => i.id !== id);
    this.changed();
    return this.snapshot();
  }

  clear(): StagingSnapshot {
    this.generation++;
    this.items = [];
    this.errors = [];
    this.scanning.clear();
    this.changed();
    return this.snapshot();
  }

  /** Resolves once no scan is running (tests, and the start of an upload). */
  async settled(): Promise<void> {
    while (this.scanning.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  paths(): string[] {
    return this.items.map((i) => i.path);
  }

  snapshot(): StagingSnapshot {
    const totals = { files: 0, bytes: 0, folders: 0, emptyFiles: 0, skipped: 0 };
    for (const i of this.items) {
      totals.files += i.files;
      totals.bytes += i.bytes;
      totals.folders += i.folders;
      totals.emptyFiles += i.emptyFiles;
      totals.skipped += i.skippedCount;
    }
    return {
      items: this.items,
      scanning: [...this.scanning],
      errors: this.errors,
      totals,
    };
  }

  private async scan(path: string, generation: number): Promise<void> {
    let result: ScanResult | undefined;
    let message: string | undefined;
    try {
      result = await scanInputs([path]);
    } catch (error) {
      message = isMasvError(error) ? error.message : `Could not read ${path}.`;
    }
    if (generation !== this.generation) return;
    this.scanning.delete(path);
    if (result) this.items = [...this.items, this.toItem(path, result)];
    else this.errors = [...this.errors, { path, message: message ?? 'Could not read it.' }];
    this.changed();
  }

  private toItem(path: string, r: ScanResult): StagedItem {
    const folders = new Set<string>();
    for (const f of r.files) addFolders(folders, f.dir);
    for (const d of r.dirs) addFolders(folders, d.dir ? `${d.dir}/${d.name}` : d.name);
    const skipped = r.skipped.map(splitReason);
    // A chosen file shows as one file; a chosen folder as the folder named after it.
    const kind = r.files.length === 1 && r.files[0]?.absPath === path ? 'file' : 'folder';
    return {
      id: `s${this.nextId++}`,
      path,
      name: basename(path),
      kind,
      files: r.files.length,
      bytes: r.files.reduce((n, f) => n + f.size, 0),
      folders: folders.size,
      emptyFolders: r.dirs.length,
      emptyFiles: r.files.filter((f) => f.size === 0).length,
      skipped: skipped.slice(0, MAX_SKIPPED_SHOWN),
      skippedCount: skipped.length,
    };
  }

  private changed(): void {
    const s = this.snapshot();
    for (const l of this.listeners) l(s);
  }
}

function addFolders(into: Set<string>, dir: string): void {
  if (dir === '') return;
  const parts = dir.split('/');
  for (let i = 1; i <= parts.length; i++) into.add(parts.slice(0, i).join('/'));
}

/** The scanner reports `<path>: <reason>`; paths may hold ': ' themselves, reasons do not. */
function splitReason(line: string): { path: string; reason: string } {
  const at = line.lastIndexOf(': ');
  return at < 0
    ? { path: line, reason: '' }
    : { path: line.slice(0, at), reason: line.slice(at + 2) };
}
