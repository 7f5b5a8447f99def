import { creditCodeCheckChar, organizationCodeCheckChar } from '@ggzy/domain';
import type { SubjectRecord } from '../subject-index.ts';
import { subjectRecord } from './records.ts';

/**
 * Seeded synthetic credit-record subjects for scale tests and the benchmark: names built the way
 * registrations are (region + 字号 + 行业 + 组织形式, some branches), most with valid credit codes,
 * a few persons with masked IDs. The 字号 pool is large enough that 200,000 names stay mostly
 * distinct, while 行业 words repeat as they do in real lists (the stop-grams of the index).
 */
const REGIONS = [
  ['深圳市', '440300'],
  ['广州市', '440100'],
  ['北京市', '110000'],
  ['上海市', '310000'],
  ['杭州市', '330100'],
  ['成都市', '510100'],
  ['武汉市', '420100'],
  ['南京市', '320100'],
  ['长沙市', '430100'],
  ['西安市', '610100'],
  ['', '440300'],
  ['', '110000'],
] as const;
const TRADE_CHARS = [
  ...'宇诚恒信宏图远航协众鑫丰博雅安泰锦程汇润创金达源川盛锐立合德凯旋明珠晟聚力泽卓越启鹏建祥瑞福兴隆昌茂佳和嘉美华嘉豪俊杰腾飞云帆海天星光辉煌绿洲晨曦阳光银河宏伟富强顺捷通达永利长青新元鼎峰冠宸睿智敏思诺博远航',
];
const INDUSTRIES = [
  '建筑工程',
  '建设工程',
  '市政工程',
  '装饰工程',
  '园林绿化工程',
  '信息技术',
  '电子科技',
  '医疗器械',
  '物业管理',
  '工程咨询',
  '环保科技',
  '建材贸易',
  '智能科技',
  '劳务',
  '水利水电工程',
  '软件开发',
  '科技',
  '实业',
];
const FORMS = ['有限公司', '有限公司', '有限责任公司', '股份有限公司', '集团有限公司'];
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SyntheticSubject {
  name: string;
  creditCode?: string;
  personId?: string;
}

export function syntheticSubjects(count: number, seed: number): SyntheticSubject[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const out: SyntheticSubject[] = [];
  for (let i = 0; i < count; i++) {
    if (random() < 0.03) {
      const tail = String(Math.floor(random() * 10_000)).padStart(4, '0');
      out.push({
        name: `${pick([...'王李张刘陈杨黄赵'])}${pick([...'建国伟强军平志明'])}${pick([...'海涛斌磊勇杰华芳'])}`,
        personId: `4405**********${tail}`,
      });
      continue;
    }
    const [region, regionCode] = pick(REGIONS);
    const trade = `${pick(TRADE_CHARS)}${pick(TRADE_CHARS)}${random() < 0.3 ? pick(TRADE_CHARS) : ''}`;
    let name = `${region}${trade}${pick(INDUSTRIES)}${pick(FORMS)}`;
    if (random() < 0.05) name += `${pick(['龙华', '海淀', '浦东', '天河'])}分公司`;
    const subject: SyntheticSubject = { name };
    if (random() < 0.7) {
      const body = Array.from({ length: 8 }, () => pick([...CODE_CHARS])).join('');
      const first17 = `91${regionCode}${body}${organizationCodeCheckChar(body)}`;
      subject.creditCode = `${first17}${creditCodeCheckChar(first17)}`;
    }
    out.push(subject);
  }
  return out;
}

export function syntheticRecords(count: number, seed: number): SubjectRecord[] {
  return syntheticSubjects(count, seed).map((s, i) => subjectRecord(`synthetic-${seed}-${i}`, s));
}
