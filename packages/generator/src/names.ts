import { checkRegionCode, findRegionByName, regionAncestors, regionName } from '@ggzy/domain';
import type { Rng } from './prng.ts';
import { creditCode } from './values.ts';

/**
 * Who appears in synthetic notices: real county-level regions, public bodies that buy and
 * tender, and companies named the way Chinese registrations are (region + 字号 + industry +
 * legal form, some branches 分公司), each with a valid credit code of its region.
 */

/** County-level codes across provinces (GB/T 2260), checked against the division data at load. */
const COUNTY_CODES = [
  '440309',
  '440305',
  '440304',
  '440106',
  '440113',
  '441303',
  '330106',
  '330110',
  '320506',
  '320106',
  '510107',
  '510116',
  '420106',
  '420111',
  '370102',
  '370212',
  '310115',
  '310112',
  '500112',
  '610113',
  '430104',
  '350203',
  '340104',
  '360111',
  '410105',
  '450103',
  '530102',
  '220104',
  '230103',
  '620102',
];

export interface Place {
  code: string;
  /** The chain of names without placeholders, e.g. 广东省深圳市龙华区. */
  fullName: string;
  /** The prefecture (or municipality) name used as a company's region, e.g. 深圳市. */
  cityName: string;
  countyName: string;
}

let places: Place[] | undefined;

/** The regions a generator draws from; only those whose full name reads back to the same code. */
export function allPlaces(): readonly Place[] {
  if (places) return places;
  places = [];
  for (const code of COUNTY_CODES) {
    if (!checkRegionCode(code).ok) continue;
    const names = regionAncestors(code)
      .map((c) => regionName(c) ?? '')
      .filter((n) => n !== '' && !/市辖区|直辖/u.test(n));
    const fullName = names.join('');
    if (findRegionByName(fullName) !== code) continue;
    const city = names.length >= 3 ? names[1]! : names[0]!;
    places.push({ code, fullName, cityName: city, countyName: names.at(-1)! });
  }
  return places;
}

const TRADE_NAMES = [
  '鹏城',
  '华宇',
  '中诚',
  '恒信',
  '金龙',
  '宏图',
  '远航',
  '新鹏辰',
  '协众',
  '美电',
  '广远',
  '建鑫',
  '海岸',
  '天成',
  '正元',
  '瑞丰',
  '博雅',
  '安泰',
  '锦程',
  '东方',
  '城发',
  '粤海',
  '星河',
  '汇通',
  '中润',
  '立信',
  '同创',
  '长兴',
];
const INDUSTRIES: Record<string, readonly string[]> = {
  construction: ['建筑工程', '建设工程', '市政工程', '路桥建设', '水利水电工程', '装饰工程', '园林绿化工程'],
  procurement: ['科技', '信息技术', '医疗器械', '空调电器', '办公设备', '物业管理', '环境卫生服务'],
  land: ['房地产开发', '置业', '实业', '投资发展'],
  mining: ['矿业', '石材', '砂石', '资源开发'],
  property: ['投资', '实业', '资产管理', '产业发展'],
  agency: ['工程咨询', '招标代理', '项目管理', '建设工程造价咨询'],
  evaluator: ['资产评估', '房地产土地估价'],
};
const LEGAL_FORMS = ['有限公司', '有限公司', '有限责任公司', '股份有限公司', '集团有限公司'];
const PUBLIC_BODIES = [
  '教育局',
  '水务局',
  '住房和建设局',
  '交通运输局',
  '人民医院',
  '中医院',
  '第一中学',
  '实验学校',
  '城市管理和综合执法局',
  '卫生健康局',
  '文化广电旅游体育局',
  '公安分局',
];
const SURNAMES = [
  ...'王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程',
];
const GIVEN = [...'建国伟强军平志明海涛斌磊勇杰华芳敏静丽娟秀英玉兰红霞婷雪晓春辉鹏飞'];

export interface Org {
  name: string;
  creditCode: string;
  region: string;
  /** 企业性质: companies here are private, public bodies 'other' (not an enterprise). */
  ownership: 'private' | 'other';
}

export function personName(rng: Rng): string {
  return `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.6) ? rng.pick(GIVEN) : ''}`;
}

/** 深圳市鹏城建筑工程有限公司, sometimes a branch: 广东华宇建设工程集团有限公司龙华分公司. */
export function company(rng: Rng, place: Place, industry: keyof typeof INDUSTRIES): Org {
  const head = rng.chance(0.8) ? place.cityName : place.fullName.slice(0, 2);
  const trade = `${rng.pick(TRADE_NAMES)}${rng.chance(0.3) ? rng.pick(TRADE_NAMES) : ''}`;
  let name = `${head}${trade}${rng.pick(INDUSTRIES[industry]!)}${rng.pick(LEGAL_FORMS)}`;
  if (rng.chance(0.1)) name += `${place.countyName.replace(/(区|县|市)$/u, '')}分公司`;
  return { name, creditCode: creditCode(rng, place.code), region: place.code, ownership: 'private' };
}

/** 深圳市龙华区教育局: a public body that tenders or buys, with a 机构编制 credit code (authority 1). */
export function publicBody(rng: Rng, place: Place): Org {
  return {
    name: `${place.cityName}${place.countyName}${rng.pick(PUBLIC_BODIES)}`,
    creditCode: creditCode(rng, place.code, '1'),
    region: place.code,
    ownership: 'other',
  };
}

/** A phone as printed in contacts: an office line with the area code. */
export function officePhone(rng: Rng): string {
  return `0${rng.pick(['755', '20', '571', '512', '28', '27', '531', '21', '23', '29'])}-${rng.int(2000_0000, 8999_9999)}`;
}
