// The import wizard's state: the files handed to the vault, the person's choices, the
// latest plan (a dry run the core makes after every change), and the committed report.

import type { Backend, Progress, Upload } from '../../lib/backend/backend';
import { emptyChoices, toOptions, decisionKey, sensitiveReady, type Choices } from './options';
import type { DuplicateAction, Field, ImportOptions, ImportReport, Purpose, UndoReport } from './types';

/** The largest file the vault takes (`lagom_core::uploads::MAX_UPLOAD_BYTES`, which the core
 * enforces); checked here too so that a huge file is not read into the window's memory only
 * to be refused. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export const STEPS = ['files', 'sheets', 'columns', 'minimise', 'purpose', 'duplicates', 'preview', 'run', 'report'] as const;
export type Step = (typeof STEPS)[number];

export class ImportWizard {
  step = $state<Step>('files');
  picked = $state<File[]>([]);
  uploads = $state<Upload[]>([]);
  choices = $state<Choices>(emptyChoices());
  plan = $state<ImportReport | null>(null);
  report = $state<ImportReport | null>(null);
  undone = $state<UndoReport | null>(null);
  purposes = $state<Purpose[]>([]);
  progress = $state<Progress | null>(null);
  error = $state<unknown>(null);
  /** Requests still running: the controls wait for the last, not the first, to answer. */
  private running = $state(0);
  private planned = 0;
  /** Bumped by `reset`: work begun before it must not write into the fresh wizard. */
  private generation = 0;
  /** The sensitive columns and their legal basis as the latest plan was asked for them. */
  private plannedSensitive = '';
  /** The owner tried to go on from the minimisation step with sensitive columns chosen but
   * no legal basis written. */
  private basisAsked = $state(false);

  get busy(): boolean {
    return this.running > 0;
  }

  /** Whether to say that the legal basis for the sensitive columns is missing: only once the
   * owner tried to go on without it (not while it is still to be typed), and no longer once
   * it is written. */
  get basisMissing(): boolean {
    return this.basisAsked && !sensitiveReady(this.choices);
  }

  constructor(private readonly backend: Backend) {}

  /** Steps that apply to these files (the sheet step only for workbooks with a choice). */
  get steps(): Step[] {
    const choosing = this.plan?.files.some((f) => f.sheets.length > 1) ?? false;
    return STEPS.filter((s) => s !== 'sheets' || choosing);
  }

  /** Files too large to take, by name, from the last `add`. */
  tooLarge = $state<string[]>([]);

  add(files: Iterable<File>): void {
    const all = [...files];
    this.tooLarge = all.filter((f) => f.size > MAX_FILE_BYTES).map((f) => f.name);
    const fresh = all.filter(
      (f) => f.size <= MAX_FILE_BYTES && !this.picked.some((p) => p.name === f.name && p.size === f.size),
    );
    this.picked = [...this.picked, ...fresh];
  }

  remove(index: number): void {
    this.picked = this.picked.filter((_, i) => i !== index);
  }

  /** Hands the picked files to the vault and makes the first plan. */
  async start(): Promise<void> {
    const generation = this.generation;
    await this.work(async () => {
      await this.discard();
      for (const file of this.picked) {
        const upload = await this.backend.upload(file);
        // Kept at once, so that a later failure or a reset still lets the vault forget it.
        this.uploads = [...this.uploads, upload];
        if (generation !== this.generation) return this.discard();
      }
      this.choices = { ...emptyChoices(), uploads: this.uploads.map((u) => ({ id: u.id, sheet: null, country: null })) };
      if (this.purposes.length === 0) this.purposes = await this.backend.call('purposes.list');
      await this.replan();
      if (generation === this.generation) this.step = this.steps[1] ?? 'columns';
    });
  }

  /** Asks the core for a new plan with the choices as they are now. Only the latest answer
   * counts: a slower earlier plan must not overwrite it. */
  async replan(): Promise<void> {
    const ticket = ++this.planned;
    this.progress = null;
    const options = toOptions(this.choices);
    this.plannedSensitive = sensitiveKey(options);
    // A large file takes a while to read even without writing: show how far it is.
    const plan = await this.backend.callLong('import.plan', options, (p) => {
      if (ticket === this.planned) this.progress = p;
    });
    if (ticket !== this.planned) return;
    this.progress = null;
    this.plan = plan;
    // The report names the sheet read; keep it so later plans read the same one.
    this.choices.uploads = this.choices.uploads.map((u, i) => ({ ...u, sheet: plan.files[i]?.sheet ?? u.sheet }));
    this.choices.purpose ??= plan.purpose;
  }

  async change(edit: (c: Choices) => void): Promise<void> {
    edit(this.choices);
    await this.work(() => this.replan());
  }

  setSheet = (index: number, sheet: string) =>
    this.change((c) => {
      c.uploads[index] = { ...c.uploads[index]!, sheet };
      // Another sheet has other columns.
      c.fields = {};
      c.sensitive = [];
    });

  /** The country for one file's phone numbers without a country code (`null`: as the
   * import tells it from the file); that file alone is read again. */
  setCountry = (index: number, country: string | null) =>
    this.change((c) => {
      c.uploads[index] = { ...c.uploads[index]!, country };
    });

  setField = (header: string, field: Field | null) => this.change((c) => (c.fields[header] = field));

  setSensitive = (header: string, include: boolean) =>
    this.change((c) => {
      const others = c.sensitive.filter((h) => h !== header);
      c.sensitive = include ? [...others, header] : others;
    });

  setPurpose = (name: string) =>
    this.change((c) => {
      c.purpose = name;
      c.legalBasis = this.purposes.find((p) => p.name === name)?.default_legal_basis ?? null;
    });

  decide = (file: string, row: number, action: DuplicateAction) =>
    this.change((c) => (c.decisions[decisionKey(file, row)] = action));

  /** The default for every duplicate; single choices made before give way to it. */
  decideAll = (action: DuplicateAction) =>
    this.change((c) => {
      c.onDuplicate = action;
      c.decisions = {};
    });

  go(step: Step): void {
    const leaving = this.step;
    this.error = null;
    this.step = step;
    if (leaving === 'minimise') {
      this.basisAsked = false;
      // The legal basis is typed without a plan at every key: the plan takes it in when the
      // owner leaves the step.
      if (sensitiveKey(toOptions(this.choices)) !== this.plannedSensitive) void this.work(() => this.replan());
    }
  }

  /** The next step; from the minimisation step only once the sensitive columns chosen have
   * their legal basis (else the step says it is missing). */
  next(): void {
    if (this.step === 'minimise' && !sensitiveReady(this.choices)) {
      this.basisAsked = true;
      return;
    }
    const at = this.steps.indexOf(this.step);
    this.go(this.steps[Math.min(at + 1, this.steps.length - 1)]!);
  }

  back(): void {
    const at = this.steps.indexOf(this.step);
    this.go(this.steps[Math.max(at - 1, 0)]!);
  }

  async commit(): Promise<void> {
    this.step = 'run';
    this.progress = null;
    this.error = null;
    this.running += 1;
    try {
      this.report = await this.backend.callLong('import.commit', toOptions(this.choices), (p) => {
        this.progress = p;
      });
      this.step = 'report';
      await this.discard();
    } catch (e) {
      this.error = e;
      this.step = 'preview';
    } finally {
      this.running -= 1;
    }
  }

  async cancel(): Promise<void> {
    await this.backend.cancel();
  }

  async undo(): Promise<void> {
    const batch = this.report?.batch;
    if (!batch) return;
    await this.work(async () => {
      this.undone = await this.backend.call('import.undo', { batch });
    });
  }

  /** Lets the vault forget the files, and starts again. */
  async reset(): Promise<void> {
    this.generation += 1;
    this.planned += 1;
    await this.discard();
    this.step = 'files';
    this.picked = [];
    this.plan = null;
    this.report = null;
    this.undone = null;
    this.progress = null;
    this.error = null;
    this.basisAsked = false;
    this.choices = emptyChoices();
  }

  private async discard(): Promise<void> {
    if (this.uploads.length === 0) return;
    const ids = this.uploads.map((u) => u.id);
    this.uploads = [];
    await this.backend.call('import.discard', { uploads: ids }).catch(() => undefined);
  }

  /** Lets the vault forget the files when the wizard goes away (the person left the
   * screen, or the vault locked). */
  async dispose(): Promise<void> {
    this.generation += 1;
    this.planned += 1;
    await this.discard();
  }

  private async work(task: () => Promise<void>): Promise<void> {
    this.running += 1;
    this.error = null;
    try {
      await task();
    } catch (e) {
      this.error = e;
    } finally {
      this.running -= 1;
    }
  }
}

/** What a plan was asked about the sensitive columns. */
function sensitiveKey(options: ImportOptions): string {
  return JSON.stringify([options.include_sensitive, options.sensitive_basis]);
}
