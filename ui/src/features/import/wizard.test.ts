import { describe, expect, it } from 'vitest';
import type { Backend, OpenChoice, Progress, SaveChoice, Upload } from '../../lib/backend/backend';
import { BackendError } from '../../lib/backend/backend';
import type { ImportOptions, ImportReport } from './types';
import { ImportWizard, MAX_FILE_BYTES } from './wizard.svelte';

/** A backend whose plans answer only when the test says so, in any order. */
class FakeBackend implements Backend {
  readonly savesToPaths = false;
  uploads = 0;
  discarded: string[] = [];
  failUploadAt = -1;
  pending: { sheet: string | null; files: unknown[]; options: ImportOptions; answer: (r: ImportReport) => void }[] = [];

  async call<T>(command: string, args: unknown = {}): Promise<T> {
    if (command === 'import.discard') {
      this.discarded.push(...(args as { uploads: string[] }).uploads);
      return {} as T;
    }
    if (command === 'purposes.list') return [{ name: 'Sales and service', default_legal_basis: 'b', description: '' }] as T;
    throw new Error(`unexpected ${command}`);
  }

  callLong<T>(command: string, args: unknown, onProgress: (p: Progress) => void): Promise<T> {
    void onProgress;
    if (command !== 'import.plan') throw new Error(`unexpected ${command}`);
    const options = args as ImportOptions;
    const files = options.files ?? [];
    const sheet = files[0]?.sheet ?? null;
    return new Promise((answer) => this.pending.push({ sheet, files, options, answer: answer as (r: ImportReport) => void }));
  }

  async cancel(): Promise<void> {}

  async upload(file: File): Promise<Upload> {
    if (this.uploads === this.failUploadAt) throw new BackendError('validation', `${file.name} is empty`);
    this.uploads += 1;
    return { id: `u${this.uploads}`, name: file.name, size: file.size };
  }

  chooseSave(): Promise<SaveChoice | null> {
    return Promise.resolve({ kind: 'download' });
  }

  chooseOpen(): Promise<OpenChoice | null> {
    return Promise.resolve({ kind: 'upload' });
  }

  async download(): Promise<void> {}

  async reveal(): Promise<void> {}
}

function plan(sheet: string): ImportReport {
  return {
    batch: null,
    dry_run: true,
    purpose: 'Sales and service',
    legal_basis: 'b',
    files: [
      {
        name: 'kunder.xlsx',
        format: 'workbook',
        encoding: null,
        delimiter: null,
        sheet,
        sheets: [
          { name: 'Forside', rows: 2, columns: 1 },
          { name: 'Kunder', rows: 5, columns: 5 },
        ],
        columns: [],
        dropped_columns: [],
        held_back_columns: [],
        rows: 4,
        phone_country: { country: 'NO', source: 'vault', evidence: [], candidates: [] },
      },
    ],
    counts: { rows: 4, created: 4, updated: 0, merged: 0, unchanged: 0, skipped: 0, erased: 0, rejected: 0, bad_values: 0 },
    preview: [],
    duplicates: [],
    duplicates_total: 0,
    pairs_compared: 0,
    issues: [],
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const file = (name: string) => new File(['Navn\nKari\n'], name);

describe('the import wizard', () => {
  it('shows the latest plan and stays busy until it answers, whatever order plans come back in', async () => {
    const backend = new FakeBackend();
    const wizard = new ImportWizard(backend);
    wizard.add([file('kunder.xlsx')]);
    const started = wizard.start();
    await settle();
    backend.pending.shift()!.answer(plan('Forside'));
    await started;
    expect(wizard.step).toBe('sheets');

    const first = wizard.setSheet(0, 'Kunder');
    const second = wizard.setSheet(0, 'Forside');
    await settle();
    const [toKunder, toForside] = backend.pending.splice(0);
    toForside!.answer(plan('Forside'));
    await second;
    expect(wizard.busy).toBe(true);
    toKunder!.answer(plan('Kunder'));
    await first;
    expect(wizard.busy).toBe(false);
    expect(wizard.plan?.files[0]?.sheet).toBe('Forside');
  });

  it("a file's phone country chosen is sent for that file alone, and set back to the file's own", async () => {
    const backend = new FakeBackend();
    const wizard = new ImportWizard(backend);
    wizard.add([file('svenska.csv'), file('norske.csv')]);
    const started = wizard.start();
    await settle();
    await settle();
    backend.pending.shift()!.answer(plan('Kunder'));
    await started;

    const chosen = wizard.setCountry(0, 'SE');
    await settle();
    const asked = backend.pending.shift()!;
    expect(asked.files).toEqual([
      { upload: 'u1', sheet: 'Kunder', country: 'SE' },
      { upload: 'u2', sheet: null },
    ]);
    asked.answer(plan('Kunder'));
    await chosen;

    const back = wizard.setCountry(0, null);
    await settle();
    const again = backend.pending.shift()!;
    expect(again.files).toEqual([
      { upload: 'u1', sheet: 'Kunder' },
      { upload: 'u2', sheet: null },
    ]);
    again.answer(plan('Kunder'));
    await back;
    expect(wizard.busy).toBe(false);
  });

  it('asks for the legal basis of a sensitive column only when the owner goes on without it, and plans with it once written', async () => {
    const backend = new FakeBackend();
    const wizard = new ImportWizard(backend);
    wizard.add([file('kunder.csv')]);
    const started = wizard.start();
    await settle();
    backend.pending.shift()!.answer(plan('Kunder'));
    await started;
    wizard.go('minimise');

    // Ticking "import anyway" asks the core for nothing it must refuse, and says nothing yet.
    const ticked = wizard.setSensitive('Helse', true);
    await settle();
    const asked = backend.pending.shift()!;
    expect(asked.options.include_sensitive).toEqual([]);
    asked.answer(plan('Kunder'));
    await ticked;
    expect(wizard.error).toBeNull();
    expect(wizard.basisMissing).toBe(false);

    // Going on without the basis stays on the step and says it is missing ...
    wizard.next();
    expect(wizard.step).toBe('minimise');
    expect(wizard.basisMissing).toBe(true);
    // ... which is forgotten when the owner goes back, until she tries again.
    wizard.back();
    wizard.go('minimise');
    expect(wizard.basisMissing).toBe(false);
    wizard.next();
    expect(wizard.basisMissing).toBe(true);

    // Written, the message is gone at once, without waiting for a plan; typing plans nothing.
    wizard.choices.sensitiveBasis = 'Art. 9(2)(a) explicit consent';
    expect(wizard.basisMissing).toBe(false);
    expect(backend.pending).toHaveLength(0);

    // Going on plans with the column and its basis.
    wizard.next();
    expect(wizard.step).toBe('purpose');
    await settle();
    const withBasis = backend.pending.shift()!;
    expect(withBasis.options.include_sensitive).toEqual(['Helse']);
    expect(withBasis.options.sensitive_basis).toBe('Art. 9(2)(a) explicit consent');
    withBasis.answer(plan('Kunder'));
    await settle();
    expect(wizard.busy).toBe(false);
    expect(wizard.error).toBeNull();

    // Back and on again with nothing changed asks for no new plan.
    wizard.back();
    wizard.next();
    expect(wizard.step).toBe('purpose');
    expect(backend.pending).toHaveLength(0);
  });

  it('starting over while a plan runs leaves the fresh wizard alone and the files forgotten', async () => {
    const backend = new FakeBackend();
    const wizard = new ImportWizard(backend);
    wizard.add([file('kunder.csv')]);
    const started = wizard.start();
    await settle();
    await wizard.reset();
    backend.pending.shift()!.answer(plan('Kunder'));
    await started;
    expect(wizard.step).toBe('files');
    expect(wizard.plan).toBeNull();
    expect(backend.discarded).toEqual(['u1']);
  });

  it('a file that fails half-way lets the vault forget the ones already handed over', async () => {
    const backend = new FakeBackend();
    backend.failUploadAt = 1;
    const wizard = new ImportWizard(backend);
    wizard.add([file('a.csv'), file('b.csv')]);
    await wizard.start();
    expect(wizard.error).toBeInstanceOf(BackendError);
    expect(wizard.uploads.map((u) => u.id)).toEqual(['u1']);
    await wizard.dispose();
    expect(backend.discarded).toEqual(['u1']);
  });

  it('turns away a file larger than the vault takes, before reading it', () => {
    const wizard = new ImportWizard(new FakeBackend());
    const huge = { name: 'alt.csv', size: MAX_FILE_BYTES + 1 } as File;
    wizard.add([huge, file('kunder.csv')]);
    expect(wizard.tooLarge).toEqual(['alt.csv']);
    expect(wizard.picked.map((f) => f.name)).toEqual(['kunder.csv']);
  });
});
