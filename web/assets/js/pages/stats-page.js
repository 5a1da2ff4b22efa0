// @ts-check
import { api, ApiError, query } from '../api.js';
import { h, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { dateTime, shortId } from '../format.js';
import { latestProcedures } from '../procedures.js';
import { navigate } from '../router.js';
import { pager } from '../components/case-table.js';
import { attachDirectoryPicker } from '../components/directory-picker.js';

/** The filters every figure is computed under (docs/statistics.md); they live in the URL. */
const FILTERS = ['period', 'from', 'to', 'body', 'jurisdiction', 'unit', 'procedure', 'groupBy'];
const GROUPINGS = ['month', 'quarter', 'unit', 'jurisdiction'];
const PAGE_SIZE = 50;
/** ECharts, bundled from node_modules and served by this service (no CDN, no eval): loaded when a chart is drawn. */
const ECHARTS_URL = '/assets/vendor/echarts/echarts.esm.min.js';

const filtersOf = (ctx) => Object.fromEntries(FILTERS.map((key) => [key, ctx.query.get(key) ?? '']));

/**
 * The statistics page (leaders, the case-management office, auditors): the defined indicators for
 * a period, body, unit and procedure, as tables and a chart; every figure links to the cases behind
 * it; the table downloads as .xlsx or CSV.
 */
export async function statsPage(ctx) {
  ctx.title = t('stats.title');
  const filters = filtersOf(ctx);
  if (!filters.period && !filters.from && !filters.to) filters.period = String(new Date(Date.now() + 8 * 3600_000).getUTCFullYear());
  const procedures = await latestProcedures();
  let answer;
  let steps;
  let filterError;
  try {
    answer = await api(`/api/stats${query(filters)}`);
    steps = await api(`/api/stats/step-times${query(stepFilters(filters))}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    filterError = conditionsText(error);
  }
  const stepChart = h('div', { class: 'stats-chart', 'data-testid': 'step-chart', role: 'img', 'aria-label': t('stats.steps.chartLabel') });
  const chart = h('div', { class: 'stats-chart', 'data-testid': 'stats-chart', role: 'img', 'aria-label': t('stats.chartLabel') });
  const page = h(
    'section',
    { class: 'stats-page' },
    h('h1', { tabindex: '-1' }, t('stats.title')),
    filterForm(procedures, filters, (next) => navigate(`/app/stats${query(next)}`)),
    filterError ? h('p', { class: 'notice notice-error', role: 'alert', 'data-testid': 'stats-error' }, filterError) : null,
    answer ? periodLine(answer) : null,
    answer ? exportButtons(`/api/stats/export`, filters, 'stats') : null,
    answer ? h('section', { class: 'panel', 'aria-labelledby': 'stats-chart-heading' }, h('h2', { id: 'stats-chart-heading' }, t('stats.chart')), chart) : null,
    answer?.withheld?.length
      ? h(
          'p',
          { class: 'notice', 'data-testid': 'stats-withheld' },
          t('stats.withheld', { names: answer.withheld.map((item) => label(item.label)).join('、'), reason: label(answer.withheld[0].reason) }),
        )
      : null,
    answer ? figureTables(answer, filters) : null,
    steps ? stepSection(steps, stepChart) : null,
  );
  if (answer) queueMicrotask(() => drawChart(chart, answer));
  if (steps) queueMicrotask(() => drawStepChart(stepChart, steps));
  return page;
}

/** The entries and cases behind one figure, with the filters it was computed under. */
export async function statsDrillPage(ctx) {
  const indicator = ctx.params.indicator;
  const filters = { ...filtersOf(ctx), value: ctx.query.get('value') ?? '', group: ctx.query.get('group') ?? '' };
  const pageNo = Math.max(1, Number(ctx.query.get('page')) || 1);
  const catalogue = await api('/api/stats/indicators');
  const spec = catalogue.find((candidate) => candidate.id === indicator);
  ctx.title = spec ? label(spec.label) : t('stats.title');
  const list = await api(`/api/stats/indicators/${encodeURIComponent(indicator)}/cases${query({ ...filters, page: pageNo, pageSize: PAGE_SIZE })}`);
  const procedures = await latestProcedures();
  const byId = new Map(procedures.map((procedure) => [procedure.id, procedure]));
  const valueLabel = filters.value && spec?.breakdown ? label(spec.breakdown.values[filters.value]) : '';
  const href = (changes) => `/app/stats/${encodeURIComponent(indicator)}${query({ ...filters, ...changes })}`;
  return h(
    'section',
    { class: 'stats-page' },
    h(
      'nav',
      { class: 'breadcrumb', 'aria-label': t('nav.breadcrumb') },
      h('a', { href: `/app/stats${query(filtersOf(ctx))}`, 'data-link': true }, t('stats.title')),
    ),
    h('h1', { tabindex: '-1' }, spec ? label(spec.label) : indicator, valueLabel ? ` · ${valueLabel}` : ''),
    spec ? h('p', { class: 'muted stats-definition' }, label(spec.definition)) : null,
    periodLine(list),
    h('p', { 'data-testid': 'drill-total' }, t('stats.drillTotal', { total: list.total })),
    exportButtons(`/api/stats/indicators/${encodeURIComponent(indicator)}/cases/export`, filters, indicator),
    list.items.length === 0
      ? h('p', { class: 'muted empty' }, t('stats.drillEmpty'))
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'case-table', 'data-testid': 'drill-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['stats.col.case', 'stats.col.at', 'stats.col.event', 'stats.col.value', 'stats.col.cadre', 'stats.col.unit'].map((key) =>
                  h('th', { scope: 'col' }, t(key)),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              list.items.map((item) => {
                const procedure = byId.get(item.procedure);
                const eventLabel = procedure?.events?.[item.event]?.label;
                const values = item.values
                  .map((value) => (spec?.breakdown?.values[value] ? label(spec.breakdown.values[value]) : value))
                  .join(t('list.separator'));
                return h(
                  'tr',
                  { 'data-entry-id': String(item.entryId) },
                  h(
                    'td',
                    { 'data-label': t('stats.col.case') },
                    h('a', { href: `/app/cases/${item.caseId}`, 'data-link': true, class: 'case-link' }, label(procedure?.label) || item.procedure),
                    h('span', { class: 'event-code' }, item.caseNo || shortId(item.caseId)),
                  ),
                  h('td', { 'data-label': t('stats.col.at') }, dateTime(item.at)),
                  h('td', { 'data-label': t('stats.col.event') }, eventLabel ? label(eventLabel) : item.event),
                  h('td', { 'data-label': t('stats.col.value') }, values || '—'),
                  h('td', { 'data-label': t('stats.col.cadre') }, item.cadreName),
                  h('td', { 'data-label': t('stats.col.unit') }, item.unitName),
                );
              }),
            ),
          ),
        ),
    pager(list.page, list.pageSize, list.total, (n) => href({ page: n })),
  );
}

function conditionsText(error) {
  const conditions = error.details?.conditions ?? [];
  return conditions.length > 0 ? conditions.map((condition) => label(condition)).join('；') : error.message;
}

function periodLine(answer) {
  const { firstDay, lastDay } = answer.period;
  return h('p', { class: 'muted', 'data-testid': 'stats-period' }, t('stats.periodLine', { from: firstDay, to: lastDay }));
}

function filterForm(procedures, filters, apply) {
  const field = (text, input) => {
    const id = uid('stats');
    input.id = id;
    return h('div', { class: 'filter' }, h('label', { for: id }, text), input);
  };
  const period = h('input', { type: 'text', value: filters.period, maxlength: 10, placeholder: '2026、2026-Q2、2026-03', 'data-testid': 'stats-period-input' });
  const from = h('input', { type: 'date', value: filters.from });
  const to = h('input', { type: 'date', value: filters.to });
  const body = h('input', { type: 'text', name: 'body', value: filters.body, maxlength: 64, 'data-testid': 'stats-body-input' });
  const jurisdiction = h('input', { type: 'text', name: 'jurisdiction', value: filters.jurisdiction, maxlength: 64 });
  const unit = h('input', { type: 'text', name: 'unit', value: filters.unit, maxlength: 64 });
  const procedure = h(
    'select',
    {},
    h('option', { value: '' }, t('filter.any')),
    procedures.map((candidate) => h('option', { value: candidate.id, selected: filters.procedure === candidate.id }, label(candidate.label))),
  );
  const groupBy = h(
    'select',
    { 'data-testid': 'stats-group-by' },
    h('option', { value: '' }, t('stats.noGrouping')),
    GROUPINGS.map((grouping) => h('option', { value: grouping, selected: filters.groupBy === grouping }, t(`stats.groupBy.${grouping}`))),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('stats.filters') },
    field(t('stats.period'), period),
    field(t('stats.from'), from),
    field(t('stats.to'), to),
    field(t('stats.body'), body),
    field(t('stats.jurisdiction'), jurisdiction),
    field(t('stats.unit'), unit),
    field(t('stats.procedure'), procedure),
    field(t('stats.groupBy'), groupBy),
    h('div', { class: 'filter filter-buttons' }, h('button', { type: 'submit', class: 'button-primary' }, t('filter.apply'))),
  );
  // A body and a unit are picked from the directory by name or pinyin initials; the filter keeps the id.
  attachDirectoryPicker(body, 'bodies');
  attachDirectoryPicker(jurisdiction, 'bodies');
  attachDirectoryPicker(unit, 'units');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // A custom range replaces the period: the API takes one or the other.
    const custom = from.value !== '' || to.value !== '';
    apply({
      period: custom ? '' : period.value.trim(),
      from: from.value,
      to: to.value,
      body: body.value.trim(),
      jurisdiction: jurisdiction.value.trim(),
      unit: unit.value.trim(),
      procedure: procedure.value,
      groupBy: groupBy.value,
    });
  });
  return form;
}

/** Downloads need the bearer token: fetched, then handed to the browser as a file. */
function exportButtons(path, filters, name) {
  const note = h('span', { class: 'muted', 'aria-live': 'polite' });
  const button = (format, key) => {
    const element = h('button', { type: 'button', class: 'button-secondary', 'data-testid': `export-${format}` }, t(key));
    element.addEventListener('click', async () => {
      element.disabled = true;
      note.textContent = t('stats.exporting');
      try {
        const response = await api(`${path}${query({ ...filters, format })}`, { raw: true, headers: { accept: '*/*' } });
        const blob = await response.blob();
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: `${name}-${new Date().toISOString().slice(0, 10)}.${format}`, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        note.textContent = t('stats.exported');
      } catch (error) {
        note.textContent = error instanceof ApiError ? conditionsText(error) : String(error);
      } finally {
        element.disabled = false;
      }
    });
    return element;
  };
  return h('div', { class: 'form-actions stats-exports' }, button('xlsx', 'stats.exportXlsx'), button('csv', 'stats.exportCsv'), note);
}

/** One table per group of indicators: the total and each breakdown value, every figure a link to its cases. */
function figureTables(answer, filters) {
  const groups = new Map();
  for (const figure of answer.indicators) {
    const key = label(figure.group);
    groups.set(key, [...(groups.get(key) ?? []), figure]);
  }
  const drill = (figure, extra) => `/app/stats/${encodeURIComponent(figure.id)}${query({ ...filters, ...extra })}`;
  const testId = (figure, extra) => `figure-${figure.id}${extra.value ? `-${extra.value}` : ''}`;
  // A figure about signed reports has no list behind it (docs/statistics.md): a number, not a link.
  const figureLink = (figure, count, extra, text) =>
    figure.secret
      ? h('span', { class: 'stats-figure', title: t('stats.noDrillWhy'), 'data-testid': testId(figure, extra) }, text ?? String(count))
      : h('a', { href: drill(figure, extra), 'data-link': true, class: 'stats-figure', 'data-testid': testId(figure, extra) }, text ?? String(count));
  const orders = answer.indicators.find((figure) => figure.id === 'correction.orders');
  /** Under the total: the on-time rate of a timing split, items per order, or why there is no list. */
  const derived = (figure) => {
    const onTime = figure.breakdown?.values.find((value) => value.value === 'onTime');
    const notes = [];
    if (onTime && figure.breakdown.values.some((value) => value.value === 'late') && figure.total > 0) {
      notes.push(t('stats.rate', { rate: `${((100 * onTime.count) / figure.total).toFixed(1)}%` }));
    }
    if (figure.id === 'correction.items' && orders?.total > 0) notes.push(t('stats.perOrder', { value: (figure.total / orders.total).toFixed(1) }));
    if (figure.secret) notes.push(t('stats.noDrill'));
    return notes.map((note) =>
      h('span', { class: 'muted stats-derived', 'data-testid': `derived-${figure.id}`, title: figure.secret ? t('stats.noDrillWhy') : undefined }, note),
    );
  };
  return [...groups.entries()].map(([group, figures]) =>
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, group),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'stats-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('stats.col.indicator')),
              h('th', { scope: 'col' }, t('stats.col.total')),
              h('th', { scope: 'col' }, t('stats.col.breakdown')),
            ),
          ),
          h(
            'tbody',
            {},
            figures.map((figure) =>
              h(
                'tr',
                { 'data-indicator': figure.id },
                h(
                  'th',
                  { scope: 'row', 'data-label': t('stats.col.indicator') },
                  label(figure.label),
                  h('details', { class: 'stats-definition' }, h('summary', {}, t('stats.definition')), h('p', {}, label(figure.definition))),
                ),
                h('td', { 'data-label': t('stats.col.total') }, figureLink(figure, figure.total, {}), derived(figure)),
                h(
                  'td',
                  { 'data-label': t('stats.col.breakdown') },
                  figure.breakdown
                    ? h(
                        'ul',
                        { class: 'stats-breakdown' },
                        figure.breakdown.values.map((value) =>
                          h('li', {}, h('span', {}, label(value.label)), ' ', figureLink(figure, value.count, { value: value.value })),
                        ),
                      )
                    : '—',
                  figure.groups?.length
                    ? h(
                        'ul',
                        { class: 'stats-breakdown stats-groups' },
                        figure.groups.map((entry) => h('li', {}, h('span', {}, entry.key), ' ', figureLink(figure, entry.count, { group: entry.key }))),
                      )
                    : null,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A bar chart of every indicator's total (ECharts on a canvas); the table above stays the accessible form. */
async function drawChart(container, answer) {
  const url = ECHARTS_URL;
  const echarts = await import(url);
  if (!container.isConnected) return;
  const figures = answer.indicators;
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: figures.map((figure) => label(figure.label)), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      { type: 'bar', name: t('stats.col.total'), data: figures.map((figure) => figure.total), label: { show: true, position: 'right' }, color: '#2f5e9e' },
    ],
  });
  container.dataset.drawn = String(figures.length);
  // Follows the window's width; let go of the chart once the page is left.
  const observer = new ResizeObserver(() => {
    if (container.isConnected) chart.resize();
    else {
      observer.disconnect();
      chart.dispose();
    }
  });
  observer.observe(container);
}

/** The processing-time figures take the same filters, less the grouping (docs/statistics.md). */
const stepFilters = (filters) => Object.fromEntries(Object.entries(filters).filter(([key]) => key !== 'groupBy'));

const days = (value) => (value === null || value === undefined ? '—' : String(value));

/** Per procedure, a table of its steps: stays left in the period, median and p90, overdue rate. */
function stepSection(answer, chart) {
  const rows = (procedure) =>
    procedure.steps
      .filter((step) => step.count > 0)
      .map((step) =>
        h(
          'tr',
          { 'data-step': `${procedure.procedure}.${step.state}` },
          h('th', { scope: 'row', 'data-label': t('stats.steps.col.step') }, label(step.label)),
          h(
            'td',
            { 'data-label': t('stats.steps.col.count') },
            String(step.count),
            step.secret ? h('span', { class: 'muted stats-derived', title: t('stats.noDrillWhy') }, t('stats.noDrill')) : null,
          ),
          h('td', { 'data-label': t('stats.steps.col.median') }, days(step.medianWorkingDays)),
          h('td', { 'data-label': t('stats.steps.col.p90') }, days(step.p90WorkingDays)),
          h('td', { 'data-label': t('stats.steps.col.calendar') }, `${days(step.medianDays)}／${days(step.p90Days)}`),
          h('td', { 'data-label': t('stats.steps.col.overdue') }, step.overdueRate === null ? '—' : `${(100 * step.overdueRate).toFixed(1)}%`),
        ),
      );
  const runRow = (procedure) =>
    h(
      'tr',
      { class: 'stats-run' },
      h('th', { scope: 'row', 'data-label': t('stats.steps.col.step') }, t('stats.steps.run')),
      h('td', { 'data-label': t('stats.steps.col.count') }, String(procedure.run.count)),
      h('td', { 'data-label': t('stats.steps.col.median') }, days(procedure.run.medianWorkingDays)),
      h('td', { 'data-label': t('stats.steps.col.p90') }, days(procedure.run.p90WorkingDays)),
      h('td', { 'data-label': t('stats.steps.col.calendar') }, `${days(procedure.run.medianDays)}／${days(procedure.run.p90Days)}`),
      h('td', { 'data-label': t('stats.steps.col.overdue') }, '—'),
    );
  const shown = answer.procedures.filter((procedure) => procedure.run.count > 0 || procedure.steps.some((step) => step.count > 0));
  return h(
    'section',
    { class: 'panel', 'data-testid': 'step-times', 'aria-labelledby': 'step-times-heading' },
    h('h2', { id: 'step-times-heading' }, t('stats.steps.title')),
    h('p', { class: 'muted' }, t('stats.steps.note')),
    shown.length ? h('h3', {}, t('stats.steps.chart')) : null,
    shown.length ? chart : h('p', { class: 'muted' }, t('stats.steps.none')),
    shown.map((procedure) => [
      // A heading, not a caption: the tables turn into cards on a phone, where a caption is squeezed.
      h('h3', {}, label(procedure.label)),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'stats-table', 'data-procedure': procedure.procedure },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['step', 'count', 'median', 'p90', 'calendar', 'overdue'].map((column) => h('th', { scope: 'col' }, t(`stats.steps.col.${column}`))),
            ),
          ),
          h('tbody', {}, rows(procedure), runRow(procedure)),
        ),
      ),
    ]),
  );
}

/** A bar chart of each step's median in working days (ECharts on a canvas); the tables stay the accessible form. */
async function drawStepChart(container, answer) {
  const url = ECHARTS_URL;
  const echarts = await import(url);
  if (!container.isConnected) return;
  const bars = answer.procedures.flatMap((procedure) =>
    procedure.steps.filter((step) => step.count > 0).map((step) => ({ name: `${label(procedure.label)}·${label(step.label)}`, value: step.medianWorkingDays })),
  );
  if (bars.length === 0) return;
  container.style.height = `${Math.max(160, bars.length * 28 + 24)}px`;
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: bars.map((bar) => bar.name), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      { type: 'bar', name: t('stats.steps.col.median'), data: bars.map((bar) => bar.value), label: { show: true, position: 'right' }, color: '#2f5e9e' },
    ],
  });
  container.dataset.drawn = String(bars.length);
  const observer = new ResizeObserver(() => {
    if (container.isConnected) chart.resize();
    else {
      observer.disconnect();
      chart.dispose();
    }
  });
  observer.observe(container);
}
