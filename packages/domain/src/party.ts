import { z } from 'zod';
import {
  creditCodeSchema,
  organizationCodeSchema,
  personIdSchema,
  regionCodeSchema,
} from './notice-common.ts';

/**
 * Parties: every organisation or person a notice names in a role. One party may hold several
 * roles in one notice (a 招标人 that is also the contract's 甲方; a candidate ranked first that
 * becomes the winner). Role ids follow OCDS party roles where one exists (tenderer, buyer,
 * supplier, reviewBody …) but name the Chinese roles exactly; see `partyRoleLabels`.
 */

export const partyRoleIds = [
  'tenderer',
  'agency',
  'bidder',
  'candidate',
  'winner',
  'consortium-member',
  'buyer',
  'supplier',
  'transferor',
  'transferee',
  'evaluator',
  'project-manager',
] as const;
export type PartyRoleId = (typeof partyRoleIds)[number];

export const partyRoleLabels: Record<PartyRoleId, string> = {
  tenderer: '招标人',
  agency: '招标代理/采购代理机构',
  bidder: '投标人',
  candidate: '中标候选人',
  winner: '中标人/成交供应商',
  'consortium-member': '联合体成员',
  buyer: '采购人',
  supplier: '供应商',
  transferor: '转让方/出让人',
  transferee: '受让方/受让人',
  evaluator: '审计/评估机构',
  'project-manager': '项目负责人',
};

/** 标段(包)编号 a role applies to, when the notice covers several lots. */
const lotCode = z.string().min(1).optional();

const simpleRole = <const R extends PartyRoleId>(role: R) => z.object({ role: z.literal(role), lotCode });

export const partyRoleSchema = z.discriminatedUnion('role', [
  /** 招标人 */
  simpleRole('tenderer'),
  /** 招标代理机构 / 采购代理机构 */
  simpleRole('agency'),
  /** 投标人 / 投标供应商 */
  simpleRole('bidder'),
  /** 中标候选人, with 排序 (1 = first candidate). */
  z.object({ role: z.literal('candidate'), lotCode, rank: z.number().int().min(1) }),
  /** 中标人 / 中标(成交)供应商 / 竞得人 */
  simpleRole('winner'),
  /**
   * 联合体成员. Members of one consortium share `consortium` (its name as published, or
   * 联合体 + the lead's name); exactly one of them is the lead 牵头人.
   */
  z.object({
    role: z.literal('consortium-member'),
    lotCode,
    consortium: z.string().min(1),
    lead: z.boolean(),
  }),
  /** 采购人 */
  simpleRole('buyer'),
  /** 供应商 (a supplier named without being the winner, e.g. in a contract notice) */
  simpleRole('supplier'),
  /** 转让方 (property) / 出让人 (land, mining) */
  simpleRole('transferor'),
  /** 受让方 / 受让人 / 竞得人 */
  simpleRole('transferee'),
  /** 审计机构 / 资产评估机构 and other intermediaries whose results are disclosed. */
  z.object({
    role: z.literal('evaluator'),
    lotCode,
    evaluates: z.enum(['audit', 'valuation', 'other']),
  }),
  /** 项目负责人 / 项目经理: a person. */
  simpleRole('project-manager'),
]);
export type PartyRole = z.infer<typeof partyRoleSchema>;

/** 企业性质: 国有, 集体, 民营 (私营), 外资, 合资 (中外合资/合作), 其他. */
export const ownershipKinds = [
  'state-owned',
  'collective',
  'private',
  'foreign',
  'joint-venture',
  'other',
] as const;
export type Ownership = (typeof ownershipKinds)[number];

/** 有关证书及编号: e.g. 一级注册建造师 粤1442012201300123. */
export const certificateSchema = z.object({
  name: z.string().min(1),
  number: z.string().min(1).optional(),
});

/**
 * Identifiers as published. An organisation is keyed by its credit code when it has one;
 * older notices carry the 9-character organization code. A person carries a resident ID,
 * masked (`440303********0015`) in whatever reaches the public.
 */
export const partyIdentifiersSchema = z.object({
  /** 统一社会信用代码 */
  creditCode: creditCodeSchema.optional(),
  /** 组织机构代码 */
  organizationCode: organizationCodeSchema.optional(),
  /** 居民身份证号码, whole or masked */
  personId: personIdSchema.optional(),
});

export const partySchema = z
  .object({
    /** Name exactly as published (全称, with brackets and spaces as printed). */
    name: z.string().min(1),
    /**
     * The comparison form of the name (company-name.ts `normalizeCompanyName`): what two
     * spellings of one company have in common. Matching and joins use this, never `name`.
     */
    nameKey: z.string().min(1),
    kind: z.enum(['organization', 'person']),
    identifiers: partyIdentifiersSchema,
    roles: z.array(partyRoleSchema).min(1),
    /** 注册所在地 (organisations) */
    region: regionCodeSchema.optional(),
    address: z.string().min(1).optional(),
    /** 联系人 and 联系电话 as published (an office line; personal phones are masked upstream). */
    contact: z.string().min(1).optional(),
    /** 联系电话 on its own, where the source gives it apart from the contact person (an office line). */
    phone: z.string().min(1).optional(),
    /** 电子邮箱 */
    email: z.string().min(1).optional(),
    /** 企业性质 (organisations): the national data spec's Domain 10005 is configured per deployment from it. */
    ownership: z.enum(ownershipKinds).optional(),
    certificates: z.array(certificateSchema).optional(),
  })
  .superRefine((party, ctx) => {
    if (party.kind === 'person' && (party.identifiers.creditCode || party.identifiers.organizationCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['identifiers'],
        message: 'a person has no credit or organization code; use personId',
      });
    }
    if (party.kind === 'organization' && party.identifiers.personId) {
      ctx.addIssue({
        code: 'custom',
        path: ['identifiers', 'personId'],
        message: 'an organisation has no resident ID',
      });
    }
  });
export type Party = z.infer<typeof partySchema>;

/**
 * How a stage field points at a party of the same notice (a candidate entry, a contract's
 * 乙方): by `nameKey`, with the name and code repeated so the entry reads on its own.
 */
export const partyRefSchema = z.object({
  name: z.string().min(1),
  nameKey: z.string().min(1),
  creditCode: creditCodeSchema.optional(),
});
export type PartyRef = z.infer<typeof partyRefSchema>;

/** The parties holding `role` (in `lotCode`, when given), in notice order. */
export function partiesWithRole(parties: readonly Party[], role: PartyRoleId, lotCode?: string): Party[] {
  return parties.filter((p) =>
    p.roles.some((r) => r.role === role && (lotCode === undefined || r.lotCode === lotCode)),
  );
}

/** The lead of each consortium named in the parties, by consortium name. */
export function consortiumLeads(parties: readonly Party[]): Map<string, Party> {
  const leads = new Map<string, Party>();
  for (const party of parties) {
    for (const role of party.roles) {
      if (role.role === 'consortium-member' && role.lead) leads.set(role.consortium, party);
    }
  }
  return leads;
}
