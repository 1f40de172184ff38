import { describe, expect, it } from 'vitest';
import { LESSON_DEFAULTS, LESSONS, stateOf } from '../../src/lessons/lessons';
import { LESSON_PANELS } from '../../src/lessons/types';
import { createAppStore, type AppStore } from '../../src/store/createAppStore';
import { connectPersistence, shareOf } from '../../src/store/persist/connect';
import { memorySessionStore } from '../../src/store/persist/session';
import { fromHash, toHash } from '../../src/store/persist/shareSchema';
import { createFakePort } from './fakePort';

const fresh = () => createAppStore(createFakePort());

/** Waits until the answer of the page is computed (or gave up). */
async function answered(store: AppStore) {
  for (let i = 0; i < 400 && store.getState().lessonAnswer?.because == null; i++) await new Promise((r) => setTimeout(r, 10));
  return store.getState().lessonAnswer!;
}

/** The state a page asks for is what the store shows. */
function expectPageApplied(store: AppStore, lesson: number, page: number) {
  const st = stateOf(LESSONS[lesson - 1], page);
  const s = store.getState();
  expect(s.lesson).toBe(lesson);
  expect(s.lessonPage).toBe(page);
  expect(s.lessonBusy).toBe(false);
  expect(s.settings).toMatchObject(st.settings!);
  expect(s.modelFromSettings).toBe(true);
  expect(s.model!.config.cell).toBe(st.settings!.cell);
  expect(s.input).toBe(st.input);
  expect(s.trace!.T).toBe(s.tokens.length);
  expect(s.step).toBe(st.step === 'end' ? s.tokens.length : st.step);
  expect(s.selectedUnit).toBe(st.unit! - 1);
  expect(s.sample).toBe(st.line! - 1);
  expect(s.hoveredRole).toBe(st.highlight);
  expect(s.notation).toEqual({ ...LESSON_DEFAULTS.notation, ...st.notation });
  for (const p of LESSON_PANELS) expect(s.hiddenPanels.includes(p), `${p} on lesson ${lesson} page ${page}`).toBe(!st.panels!.includes(p));
  expect(s.compareMlp).toBe(st.compareMlp);
  expect(s.mlpTrace !== null).toBe(st.compareMlp);
  expect(s.backwardOn).toBe(st.backward);
  expect(st.backward ? [s.backward!.T, s.backwardStep] : null)
    .toEqual(st.backward ? [s.tokens.length, st.backwardStep === 'end' ? s.tokens.length : st.backwardStep] : null);
  expect(s.labSettings).toMatchObject(st.lab ?? {});
}

describe('the lessons', () => {
  it('are nine, numbered 1–9, each page a sentence or two with at most one question', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const l of LESSONS) {
      expect(l.pages.length).toBeGreaterThanOrEqual(4);
      for (const p of l.pages) {
        expect(p.text.length).toBeLessThan(320);
        expect(p.text).not.toMatch(/<[a-z]/i);
        expect(p.question?.choices.length ?? 2).toBeGreaterThanOrEqual(2);
      }
    }
    // Both notations appear, with the shapes shown.
    expect(LESSONS.some((l) => l.pages.some((p) => p.shapes && stateOf(l, l.pages.indexOf(p) + 1).notation?.form === 'row'))).toBe(true);
    expect(LESSONS.filter((l) => l.pages.some((p) => p.question)).length).toBe(9);
  });
});

describe('lesson slice: every page applies its state through the store', () => {
  for (const lesson of LESSONS) {
    it(`lesson ${lesson.id} (${lesson.title}): each page, forward, puts the views in its state`, async () => {
      const store = fresh();
      await store.getState().openLesson(lesson.id);
      expectPageApplied(store, lesson.id, 1);
      for (let p = 2; p <= lesson.pages.length; p++) {
        await store.getState().nextPage();
        expectPageApplied(store, lesson.id, p);
      }
      // Past the last page is the last page.
      await store.getState().nextPage();
      expect(store.getState().lessonPage).toBe(lesson.pages.length);
      await store.getState().previousPage();
      expectPageApplied(store, lesson.id, lesson.pages.length - 1);
    }, 30_000);
  }

  it('a page opened directly is the same as one reached by Next page (lesson 3, page 4)', async () => {
    const store = fresh();
    await store.getState().openLesson(3, 4);
    expectPageApplied(store, 3, 4);
  });

  it('closing gives back the panels, notation and comparison from before the lesson, and keeps the model', async () => {
    const store = fresh();
    await store.getState().rebuildModel();
    store.getState().setPanelHidden('weights', true);
    await store.getState().openLesson(5, 4);
    expect(store.getState().compareMlp).toBe(true);
    const model = store.getState().model;
    store.getState().closeLesson();
    const s = store.getState();
    expect(s.lesson).toBeNull();
    expect(s.hiddenPanels).toEqual(['weights']);
    expect(s.notation).toEqual({ symbols: 'textbook', form: 'column' });
    expect(s.compareMlp).toBe(false);
    expect(s.hoveredRole).toBeNull();
    expect(s.model).toBe(model);
  });

  it("hovering another matrix shows it, and leaving it comes back to the page's highlight (lesson 1, page 2)", async () => {
    const store = fresh();
    await store.getState().openLesson(1, 2);
    expect(store.getState().hoveredRole).toBe('recurrent');
    store.getState().hoverRole('input');
    expect(store.getState().hoveredRole).toBe('input');
    store.getState().hoverRole(null);
    expect(store.getState().hoveredRole).toBe('recurrent');
    // A page that lights nothing up, then closing: hovering and leaving ends on nothing.
    await store.getState().goToPage(3);
    store.getState().hoverRole('input');
    store.getState().hoverRole(null);
    expect(store.getState().hoveredRole).toBeNull();
    await store.getState().goToPage(2);
    store.getState().closeLesson();
    store.getState().hoverRole('output');
    store.getState().hoverRole(null);
    expect(store.getState().hoveredRole).toBeNull();
  });

  it('closing lesson 8 gives the lab its knobs back, and closing lesson 7 leaves backward mode', async () => {
    const store = fresh();
    await store.getState().rebuildModel();
    const knobs = store.getState().labSettings;
    await store.getState().openLesson(8, 5);
    expect(store.getState().labSettings).toMatchObject({ rho: 1.5, clip: true, nonlinearity: 'identity' });
    store.getState().closeLesson();
    expect(store.getState().labSettings).toEqual(knobs);
    await store.getState().openLesson(7, 2);
    expect(store.getState().backwardOn).toBe(true);
    store.getState().closeLesson();
    expect(store.getState().backwardOn).toBe(false);
  });

  it('a quick run of Next page ends on the last page asked for, in its state', async () => {
    const store = fresh();
    await store.getState().openLesson(2);
    const a = store.getState();
    const moves = [a.nextPage(), a.nextPage(), a.nextPage()];
    await Promise.all(moves);
    expectPageApplied(store, 2, 4);
  });
});

describe('lesson slice: answers come from the live numbers', () => {
  it('lesson 1: the sign of h_1 at t = 4 is read from the trace after the reveal steps there', async () => {
    const store = fresh();
    await store.getState().openLesson(1, 4);
    expect(store.getState().step).toBe(3);
    const h = store.getState().trace!.layers[0].h[3 * 8 + 0];
    await store.getState().answerQuestion(0);
    const a = await answered(store);
    expect(store.getState().step).toBe(4);
    expect(a.correct).toBe(h > 0 ? 0 : 1);
    expect(a.because).toBe(`At t = 4, h_1 = ${h.toFixed(3)}.`);
  });

  it('lesson 3: the larger term is read from W_ih·x_t and W_hh·h_{t−1} of the trace', async () => {
    const store = fresh();
    await store.getState().openLesson(3, 4);
    await store.getState().answerQuestion(1);
    const a = await answered(store);
    const L = store.getState().trace!.layers[0];
    const i = 3 * 8 + 1;
    expect(a.correct).toBe(Math.abs(L.ih[i]) >= Math.abs(L.hh[i]) ? 0 : 1);
    expect(a.because).toContain(L.ih[i].toFixed(3));
  });

  it('lesson 6: equal rows of H_3 for two words with the same start, from the batch trace', async () => {
    const store = fresh();
    await store.getState().openLesson(6, 4);
    await store.getState().answerQuestion(0);
    const a = await answered(store);
    expect(store.getState().batchTrace!.n).toBe(3);
    expect(a.correct).toBe(0);
    expect(a.because).toMatch(/^The rows differ by 0\.000 at t = 3; at t = 4 \(‘l’ against ‘p’\) by \d\.\d{3}\.$/);
  });

  it('lesson 7: the two parts of ∂L/∂h_3 come from the backward pass', async () => {
    const store = fresh();
    await store.getState().openLesson(7, 4);
    expect(store.getState().backwardStep).toBe(4);
    await store.getState().answerQuestion(0);
    const a = await answered(store);
    const steps = store.getState().backward!.steps;
    expect(store.getState().backwardStep).toBe(3);
    expect(a.correct).toBe(steps.fromAboveNorm[2] >= steps.fromNextNorm[2] ? 0 : 1);
  });

  it('lesson 8: the gradient vanishes at ρ = 0.5 and explodes at ρ = 1.5, read from the lab runs', async () => {
    const store = fresh();
    await store.getState().openLesson(8, 3);
    await store.getState().answerQuestion(0);
    const a = await answered(store);
    const r = store.getState().labResult!;
    expect(r.knobs.rho).toBe(0.5);
    expect(r.dhNorms[0]).toBeLessThan(r.dhNorms[49]);
    expect(a).toMatchObject({ choice: 0, correct: 1 });
    expect(a.because).toMatch(/it vanishes\.$/);
    await store.getState().nextPage();
    await store.getState().answerQuestion(0);
    const b = await answered(store);
    expect(store.getState().labResult!.knobs.rho).toBe(1.5);
    expect(b).toMatchObject({ choice: 0, correct: 0 });
    expect(b.because).toMatch(/it explodes\.$/);
  });

  it('lesson 9: the forget gate is read from the LSTM trace and the update gate from the GRU trace', async () => {
    const store = fresh();
    await store.getState().openLesson(9, 3);
    await store.getState().answerQuestion(0);
    const a = await answered(store);
    const s = store.getState();
    expect(s.model!.config.cell).toBe('lstm');
    const f = s.trace!.layers[0].act[4 * 32 + 8 + 0];
    expect(a.correct).toBe(f > 0.5 ? 0 : 1);
    await store.getState().goToPage(6);
    await store.getState().answerQuestion(1);
    const b = await answered(store);
    const g = store.getState();
    expect(g.model!.config.cell).toBe('gru');
    const z = g.trace!.layers[0].act[4 * 24 + 8 + 0];
    expect(b.correct).toBe(z > 0.5 ? 0 : 1);
    expect(b.because).toBe(`z_1 at t = 5 is ${z.toFixed(3)}.`);
  });

  it('every question of every lesson gets an answer', async () => {
    const store = fresh();
    for (const l of LESSONS) {
      for (const [k, p] of l.pages.entries()) {
        if (!p.question) continue;
        await store.getState().openLesson(l.id, k + 1);
        await store.getState().answerQuestion(0);
        const a = await answered(store);
        expect(a.correct, `lesson ${l.id} page ${k + 1}: ${a.because}`).not.toBeNull();
        expect(a.correct).toBeLessThan(p.question.choices.length);
      }
    }
  }, 60_000);
});

describe('lesson links', () => {
  it('round-trip lesson and page, and refuse a page past the end or without a lesson', () => {
    const share = { v: 1 as const, lesson: 3, page: 6 };
    expect(fromHash(toHash(share))).toEqual({ ok: true, share });
    expect(fromHash('v=1&lesson=10')).toMatchObject({ ok: false, error: expect.stringMatching(/"lesson"/) });
    expect(fromHash('v=1&lesson=3&page=7')).toMatchObject({ ok: false, error: expect.stringMatching(/lesson 3 has 6 pages/) });
    expect(fromHash('v=1&page=2')).toMatchObject({ ok: false, error: expect.stringMatching(/"page"/) });
  });

  it('are written while a lesson is open, and not after it closes', async () => {
    const store = fresh();
    await store.getState().openLesson(2, 3);
    expect(shareOf(store.getState()).share).toMatchObject({ lesson: 2, page: 3 });
    store.getState().closeLesson();
    expect(shareOf(store.getState()).share.lesson).toBeUndefined();
  });

  it('open the lesson at its page, in the page state', async () => {
    const store = fresh();
    let hash = 'v=1&lesson=5&page=3';
    await connectPersistence(store, { session: memorySessionStore(), readHash: () => hash, writeHash: (h) => { hash = h; }, debounceMs: 0 });
    expectPageApplied(store, 5, 3);
    expect(hash).toMatch(/&lesson=5&page=3$/);
  });

  it('a link copied inside a lesson reopens the same page with the same step and panels', async () => {
    const a = fresh();
    await a.getState().openLesson(4, 3);
    const hash = toHash(shareOf(a.getState()).share);
    const b = fresh();
    await connectPersistence(b, { session: memorySessionStore(), readHash: () => hash, writeHash: () => {}, debounceMs: 0 });
    expectPageApplied(b, 4, 3);
    expect(b.getState().hiddenPanels).toEqual(a.getState().hiddenPanels);
    b.getState().closeLesson();
    expect(b.getState().hiddenPanels).toEqual([]);
  });
});

describe('lesson progress in the saved session', () => {
  it('a reload with no link comes back to the lesson page, with the step and unit the reader left', async () => {
    const session = memorySessionStore();
    const a = fresh();
    await connectPersistence(a, { session, readHash: () => '', writeHash: () => {}, debounceMs: 0 });
    await a.getState().openLesson(3, 2);
    a.getState().stepTo(5);
    a.getState().selectUnit(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(await session.load()).toMatchObject({ lesson: 3, lessonPage: 2, step: 5, selectedUnit: 2 });

    const b = fresh();
    await connectPersistence(b, { session, readHash: () => '', writeHash: () => {}, debounceMs: 0 });
    const s = b.getState();
    expect([s.lesson, s.lessonPage, s.step, s.selectedUnit]).toEqual([3, 2, 5, 2]);
    expect(s.hiddenPanels).toEqual(a.getState().hiddenPanels);
    expect(s.model!.params.layers[0].weightHh).toEqual(a.getState().model!.params.layers[0].weightHh);
    // Closing the lesson is saved too: the next reload opens no lesson.
    b.getState().closeLesson();
    await new Promise((r) => setTimeout(r, 20));
    expect((await session.load())?.lesson).toBeUndefined();
  });
});
