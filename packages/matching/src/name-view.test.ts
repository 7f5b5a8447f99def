import { describe, expect, it } from 'vitest';
import { nameView } from './name-view.ts';

describe('nameView', () => {
  it('takes a short region prefix off the core when nothing else names a region', () => {
    expect(nameView('深圳华强电子有限公司')).toMatchObject({
      region: '深圳',
      core: '华强电子',
      regionCode: '440300',
    });
  });

  it('after a written region, keeps a place outside it in the core', () => {
    // 河源 is a city of Guangdong: in 杭州市河源科技 it is the trade name, not a region.
    expect(nameView('杭州市河源科技股份有限公司')).toMatchObject({
      region: '杭州市',
      core: '河源科技',
      regionCode: '330100',
    });
  });

  it('after a written province, takes a city inside it as region', () => {
    expect(nameView('广东省深圳建设有限公司')).toMatchObject({ region: '广东省深圳', core: '建设' });
  });
});
