/**
 * A reporting period as a query parameter or CLI option: a month (`2026-11`) or a year
 * (`2026`), Asia/Shanghai, as inclusive bounds on the time a figure is placed by.
 */
export interface Period {
  label: string;
  from: string;
  to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^(\d{4})$/;

export const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

/** The period a `YYYY-MM` or `YYYY` names; undefined for anything else. */
export function parsePeriod(text: string): Period | undefined {
  const month = MONTH.exec(text);
  if (month) {
    const year = Number(month[1]);
    const m = Number(month[2]);
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    return {
      label: text,
      from: `${text}-01T00:00:00+08:00`,
      to: `${text}-${String(last).padStart(2, '0')}T23:59:59.999999+08:00`,
    };
  }
  if (YEAR.test(text)) {
    return { label: text, from: `${text}-01-01T00:00:00+08:00`, to: `${text}-12-31T23:59:59.999999+08:00` };
  }
  return undefined;
}
