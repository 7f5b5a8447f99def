import { writeFile } from 'node:fs/promises';
import { deadlineRules, domains } from '@ggzy/domain';
import {
  complianceReport,
  parsePeriod,
  type ReportFormat,
  type ReportPart,
  regionRange,
  reportFormats,
  reportParts,
} from '@ggzy/query-api';
import { GgzyError } from '@ggzy/runtime';
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { withDatabase } from '../dlq-list.ts';

interface ComplianceFlags {
  month?: string;
  year?: string;
  region?: string;
  domain?: string;
  rule?: string;
  format: string;
  part?: string;
  out?: string;
}

function usage(message: string): GgzyError {
  return new GgzyError('GGZY_USAGE', message);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw usage(`--${name} must be one of ${allowed.join(', ')}, got ${value}`);
  return value as T;
}

/**
 * `ggzy report compliance`: the compliance report of GET /v1/compliance/report, written to a
 * file from the database this installation uses — the same workbook, built by the same code.
 */
export function registerReport(program: Command, context: CommandContext): void {
  const report = program.command('report').description('reports for regulators (监管报表), as files');
  report
    .command('compliance')
    .description(
      '信息公开时限合规报告: every statutory clock (20 working days, 中标候选人公示, 政府采购结果, bid period, 行政处罚 published within 7 working days) — XLSX with one sheet per rule (its legal source; figures per region, domain, publisher, centre and month) and a sheet of every notice and credit record behind them; or one part as CSV',
    )
    .option('--month <YYYY-MM>', 'the month: notices published in it, credit records decided in it')
    .option('--year <YYYY>', 'a whole year instead of a month')
    .option('--region <code>', 'six-digit region code; a province or city covers everything inside it')
    .option('--domain <domain>', `one domain: ${domains.join(', ')}`)
    .option('--rule <id>', `one rule: ${deadlineRules.map((rule) => rule.id).join(', ')}`)
    .option('--format <format>', `${reportFormats.join(' or ')}`, 'xlsx')
    .option('--part <part>', `CSV only: ${reportParts.join(' or ')} (default records)`)
    .option('--out <file>', "where to write it (default: the report's own name, in the current folder)")
    .addHelpText(
      'after',
      '\nExamples:\n  pnpm ggzy report compliance --month 2026-11 --format xlsx --out 合规报告-2026-11.xlsx\n  pnpm ggzy report compliance --year 2026 --region 440300 --format csv --part summary --out summary.csv',
    )
    .action(async (flags: ComplianceFlags) => {
      const env = context();
      if (flags.month && flags.year) throw usage('give --month or --year, not both');
      const periodText = flags.month ?? flags.year;
      const period = periodText === undefined ? undefined : parsePeriod(periodText);
      if (periodText !== undefined && !period)
        throw usage(`--month is YYYY-MM and --year YYYY, got ${periodText}`);
      if (flags.month && !/^\d{4}-\d{2}$/.test(flags.month))
        throw usage(`--month is YYYY-MM, got ${flags.month}`);
      if (flags.year && !/^\d{4}$/.test(flags.year)) throw usage(`--year is YYYY, got ${flags.year}`);
      const region = flags.region === undefined ? undefined : regionRange(flags.region);
      if (flags.region !== undefined && !region)
        throw usage(`--region must be a current six-digit region code, got ${flags.region}`);
      if (flags.domain !== undefined) oneOf('domain', flags.domain, domains);
      if (flags.rule !== undefined)
        oneOf(
          'rule',
          flags.rule,
          deadlineRules.map((rule) => rule.id),
        );
      const format = oneOf<ReportFormat>('format', flags.format, reportFormats);
      const part = flags.part === undefined ? undefined : oneOf<ReportPart>('part', flags.part, reportParts);
      if (part && format !== 'csv') throw usage('--part is for --format csv; the XLSX holds both parts');
      const file = await withDatabase(env, (database) =>
        complianceReport(database.db, {
          scope: {
            ...(region ? { region } : {}),
            ...(flags.domain ? { domain: flags.domain } : {}),
            ...(period ? { from: period.from, to: period.to } : {}),
            ...(flags.rule ? { rule: flags.rule } : {}),
          },
          periodLabel: period?.label ?? '全部',
          format,
          ...(part ? { part } : {}),
        }),
      );
      const out = flags.out ?? file.fileName;
      await writeFile(out, file.body);
      env.out(`wrote ${out} (${file.body.length} bytes)`);
      for (const rule of file.contents.rules) {
        const t = rule.total;
        env.out(
          `  ${rule.short}: ${t.notices} in scope, ${t.onTime} on time, ${t.late} late, ${t.undetermined} undetermined`,
        );
      }
      if (format === 'xlsx' || part !== 'summary')
        env.out(
          `  明细: ${file.contents.records} row(s)${file.contents.truncated ? ' (cut: narrow the scope)' : ''}`,
        );
    });
}
