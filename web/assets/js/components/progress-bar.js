// @ts-check
import { h } from '../dom.js';
import { label, t } from '../i18n.js';

/** The applicant's plain-language progress: step i of n, with the phase names of the procedure. */
export function progressBar(definition, view) {
  const phases = definition.phases ?? [];
  if (phases.length === 0) return null;
  const phase = definition.states[view.state]?.phase ?? 0;
  const done = view.status === 'done';
  const step = Math.min(phase + 1, phases.length);
  const text = done ? t('progress.done', { phase: label(phases[phase]) }) : t('progress.step', { step, total: phases.length, phase: label(phases[phase]) });
  return h(
    'div',
    { class: 'progress' },
    h('p', { class: 'progress-text', id: `progress-${view.id}` }, text),
    h(
      'ol',
      {
        class: 'progress-steps',
        role: 'progressbar',
        'aria-valuemin': 1,
        'aria-valuemax': phases.length,
        'aria-valuenow': step,
        'aria-valuetext': text,
        'aria-labelledby': `progress-${view.id}`,
      },
      phases.map((name, index) =>
        h(
          'li',
          {
            class: index < phase || done ? 'step-done' : index === phase ? 'step-current' : 'step-todo',
            'aria-current': index === phase && !done ? 'step' : undefined,
          },
          h('span', { class: 'step-name' }, label(name)),
        ),
      ),
    ),
  );
}
