/**
 * The V4 field catalogue (公共资源交易平台系统数据规范 V4, shared/domain/national-dataspec/V4/<DataNo>.json)
 * of the data sets ggzy sends, copied as data so the package needs no file at run time;
 * dataspec.test.ts checks it against the files field by field. Generated; edit the source, not this.
 */
import type { DataSetSpec } from './types.ts';

export const v4DataSets: Record<string, DataSetSpec> = {
  '501': {
    dataNo: '501',
    table: 'TENDER_PROJECT',
    label: '招标项目',
    repeatCols: ['TENDER_PROJECT_NAME', 'OWNER_NAME', 'TENDERER_NAME', 'TENDER_AGENCY_NAME'],
    tableValidators: ['TENDER_PROJECT_TYPE', 'TENDER_AGENCY', 'TENDER_AGENCY_CODE_TYPE'],
    fields: [
      {
        name: 'PROJECT_CODE',
        label: '项目编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 17 }],
      },
      {
        name: 'TENDER_PROJECT_CODE',
        label: '招标项目编号',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 20 },
          { ValidatorName: 'UniqueValue' },
          { ValidatorName: 'CannotModify' },
        ],
      },
      {
        name: 'TENDER_SELF_CODE',
        label: '招标项目编号',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'IS_TO_LAW',
        label: '是否依法必须招标',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'TRUE_OR_FALSE' },
        ],
      },
      {
        name: 'TENDER_PROJECT_NAME',
        label: '招标项目名称',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 600 },
          { ValidatorName: 'UniqueValue' },
        ],
      },
      {
        name: 'TENDER_PROJECT_TYPE',
        label: '招标项目类型',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 3 },
          { ValidatorName: 'DomainMatch', Type: '10' },
        ],
      },
      {
        name: 'REGION_CODE',
        label: '招标项目所在行政区域代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TENDER_CONTENT',
        label: '招标内容与范围及招标方案说明',
        validators: [{ ValidatorName: 'NotNull' }],
      },
      {
        name: 'OWNER_NAME',
        label: '项目业主名称',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TENDERER_NAME',
        label: '招标人名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'TENDERER_CODE_TYPE',
        label: '招标人类别',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 20 },
          { ValidatorName: 'DomainMatch', Type: '2001' },
        ],
      },
      {
        name: 'TENDERER_CODE',
        label: '招标人代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'ISUNION',
        label: '是否联合招标',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 1 }],
      },
      {
        name: 'TENDERER_ROLE',
        label: '招标人角色',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 2 },
          { ValidatorName: 'DomainMatch', Type: '26' },
        ],
      },
      {
        name: 'TENDER_AGENCY_NAME',
        label: '招标代理机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TENDER_AGENCY_CODE_TYPE',
        label: '招标代理机构类别',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '2001' },
        ],
      },
      {
        name: 'TENDER_AGENCY_CODE',
        label: '招标代理机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'TENDER_AGENCY_ROLE',
        label: '招标代理机构角色',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 2 },
          { ValidatorName: 'DomainMatch', Type: '26' },
        ],
      },
      {
        name: 'TENDER_MODE',
        label: '招标方式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '1000' },
        ],
      },
      {
        name: 'TENDER_ORGANIZE_FORM',
        label: '招标组织形式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '21' },
        ],
      },
      {
        name: 'CREATE_TIME',
        label: '招标项目建立时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'SUPERVISE_DEPT_NAME',
        label: '监督部门名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'SUPERVISE_DEPT_CODE',
        label: '监督部门代码',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'APPROVE_DEPT_NAME',
        label: '审核部门名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'APPROVE_DEPT_CODE',
        label: '审核部门代码',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'REPORT_DUTY',
        label: '申报责任人',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TENDERER_REGION_CODE',
        label: '招标人企业注册所在地',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TENDERER_PROPERTY',
        label: '招标人企业性质',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '10005' },
        ],
      },
      {
        name: 'TENDER_AGENCY_REGION_CODE',
        label: '招标代理机构企业注册所在地',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TENDER_AGENCY_PROPERTY',
        label: '招标代理机构企业性质',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '10005' },
        ],
      },
      {
        name: 'OPERATION_NAME',
        label: '信息录入人员',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TRADE_SYSTEM_NO',
        label: '交易系统编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 12 }],
      },
      {
        name: 'TRADE_SYSTEM_FEE',
        label: '交易系统平台使用费',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 },
        ],
      },
    ],
  },
  '503': {
    dataNo: '503',
    table: 'TENDER_ANN_QUA_INQUERY_ANN',
    label: '招标公告与资格预审公告',
    repeatCols: ['NOTICE_NAME', 'URL', 'NOTICE_NATURE', 'BULLETIN_TYPE'],
    tableValidators: [],
    fields: [
      {
        name: 'TENDER_PROJECT_CODE',
        label: '招标项目编号',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 20 },
          { ValidatorName: 'TenderProjectCodeMatch', TenderProjectTableName: 'TENDER_PROJECT' },
        ],
      },
      {
        name: 'NOTICE_BID_NUM',
        label: '公告标段（包）数量',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'NumberMatch', IntegerFigures: 2 }],
      },
      {
        name: 'BID_SECTION_CODES',
        label: '相关标段（包）编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 23 }],
      },
      {
        name: 'TRAD_CENTER_NAME',
        label: '交易中心名称',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'UNIFIED_DEAL_CODES',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'TENDER_SELF_CODE',
        label: '招标编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      {
        name: 'NOTICE_NAME',
        label: '公告标题',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      {
        name: 'NOTICE_CONTENT',
        label: '公告内容',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MinLength: 10 }],
      },
      {
        name: 'NOTICE_SEND_TIME',
        label: '公告发布时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'NOTICE_MEDIA',
        label: '公告发布媒体',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 1000 }],
      },
      {
        name: 'URL',
        label: '公告源URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'NOTICE_NATURE',
        label: '公告性质',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '20' },
        ],
      },
      {
        name: 'BULLETIN_TYPE',
        label: '公告类型',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '32' },
        ],
      },
      {
        name: 'DOC_GET_START_TIME',
        label: '招标文件/资格预审文件获取时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'DOC_GET_END_TIME',
        label: '招标文件/资格预审文件获取截至时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'TENDER_DOC_GET_METHOD',
        label: '招标文件/资格预审文件获取方法',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'BID_DOC_REFER_END_TIME',
        label: '投标文件/资格预审申请文件递交截止时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'IS_POSTPONE',
        label: '是否延期开标',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'TRUE_OR_FALSE' },
        ],
      },
      {
        name: 'BID_OPEN_TIME',
        label: '开标时间/开启时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      { name: 'BID_OPEN_METHOD', label: '开标方式/文件开启方式', validators: [] },
      { name: 'QUAL_TYPE', label: '评审办法', validators: [] },
      {
        name: 'DOC_PRICE',
        label: '文件售价',
        validators: [{ ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 }],
      },
      {
        name: 'DOC_PRICE_CURRENCY',
        label: '文件售价币种',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 3 }],
      },
      {
        name: 'DOC_PRICE_UNIT',
        label: '文件售价单位',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_UNIT' },
        ],
      },
      {
        name: 'BID_DOC_REFER_METHOD',
        label: '投标文件/资格预审申请文件递交方法',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'SYNDICATED_FLAG',
        label: '是否允许联合体投标',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'TRUE_OR_FALSE' },
        ],
      },
      {
        name: 'TENDERER_CODE',
        label: '招标人代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'TENDERER_NAME',
        label: '招标人名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TENDERER_ADDRESS',
        label: '招标人地址',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TENDERER_CONTACTOR',
        label: '招标人联系人',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'TENDERER_PHONE_NUMBER',
        label: '招标人联系电话',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 20 }],
      },
      {
        name: 'TENDERER_EMAIL',
        label: '招标人电子邮箱',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'TENDER_AGENCY_CODE',
        label: '招标代理机构代码',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'TENDER_AGENCY_NAME',
        label: '招标代理机构名称',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TENDER_AGENCY_ADDRESS',
        label: '招标代理机构地址',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TENDER_AGENCY_CONTACTOR',
        label: '招标代理机构联系人',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'TENDER_AGENCY_PHONE_NUMBER',
        label: '招标代理机构联系电话',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 20 }],
      },
      {
        name: 'TENDER_AGENCY_EMAIL',
        label: '招标代理机构电子邮箱',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      { name: 'OTHER_CONTENT', label: '其他内容', validators: [] },
      {
        name: 'BULLETIN_DUTY',
        label: '公告发布责任人',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'BULLETIN_DUTY_CODE_TYPE',
        label: '交易平台验证责任人',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
    ],
  },
  '511': {
    dataNo: '511',
    table: 'TENDER_CANDIDATE_ANNOUNCE',
    label: '中标候选人公示',
    repeatCols: ['PUBLICITY_NAME', 'TENDER_PROJECT_CODE', 'URL'],
    tableValidators: [],
    fields: [
      {
        name: 'TENDER_PROJECT_CODE',
        label: '招标项目编号',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 20 },
          { ValidatorName: 'TenderProjectCodeMatch', TenderProjectTableName: 'TENDER_PROJECT' },
        ],
      },
      { name: 'BID_SECTION_CODES', label: '相关标段（包）编号', validators: [{ ValidatorName: 'NotNull' }] },
      { name: 'UNIFIED_DEAL_CODE', label: '相关统一交易标识码', validators: [{ ValidatorName: 'NotNull' }] },
      {
        name: 'PUBLICITY_NAME',
        label: '公示标题',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      { name: 'PUBLICITY_CONTENT', label: '公示内容', validators: [{ ValidatorName: 'NotNull' }] },
      {
        name: 'PUBLICITY_REFER_TIME',
        label: '公示提交时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'NOTICE_MEDIA',
        label: '公示发布媒体',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 1000 }],
      },
      {
        name: 'URL',
        label: '公示源URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'PUBLICITY_TYPE',
        label: '公示类型',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '13' },
        ],
      },
      {
        name: 'PUBLICITY_START_TIME',
        label: '公示开始时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'PUBLICITY_END_TIME',
        label: '公示结束时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      { name: 'OBJECTION_METHOD', label: '提出异议的渠道和方式', validators: [{ ValidatorName: 'NotNull' }] },
      { name: 'OTHER_CONTENT', label: '其他内容', validators: [] },
      {
        name: 'BULLETIN_DUTY',
        label: '公示发布责任人',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'EXAMINER_NAME',
        label: '交易平台数据验证责任人姓名',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'FIRST_BIDDER_NAME',
        label: '第一中标候选人名称',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'FIRST_BIDDER_CODE',
        label: '第一中标候选人统一社会信用代码',
        validators: [{ ValidatorName: 'LengthMatch', FixLength: 18 }],
      },
      {
        name: 'SECOND_BIDDER_NAME',
        label: '第二中标候选人名称',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'SECOND_BIDDER_CODE',
        label: '第二中标候选人统一社会信用代码',
        validators: [{ ValidatorName: 'LengthMatch', FixLength: 18 }],
      },
      {
        name: 'THIRD_BIDDER_NAME',
        label: '第三中标候选人名称',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'THIRD_BIDDER_CODE',
        label: '第三中标候选人统一社会信用代码',
        validators: [{ ValidatorName: 'LengthMatch', FixLength: 18 }],
      },
    ],
  },
  '513': {
    dataNo: '513',
    table: 'WIN_RESULT_ANNO',
    label: '中标结果公告',
    repeatCols: ['NOTICE_NAME', 'TENDER_PROJECT_CODE', 'URL'],
    tableValidators: ['BID_AMOUNT'],
    fields: [
      {
        name: 'TENDER_PROJECT_CODE',
        label: '招标项目编号',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 20 },
          { ValidatorName: 'TenderProjectCodeMatch', TenderProjectTableName: 'TENDER_PROJECT' },
        ],
      },
      {
        name: 'BID_SECTION_CODE',
        label: '标段（包）编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 23 }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'REGION_CODE',
        label: '标段（包）所在行政区域代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'TENDER_AGENCY_NAME',
        label: '招标代理机构名称',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TENDER_AGENCY_CODE',
        label: '招标代理机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixLength: 18 }],
      },
      {
        name: 'NOTICE_NAME',
        label: '公告标题',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      { name: 'NOTICE_CONTENT', label: '公告内容', validators: [{ ValidatorName: 'NotNull' }] },
      {
        name: 'NOTICE_SEND_TIME',
        label: '公告发布时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'NOTICE_MEDIA',
        label: '公告发布媒体',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 1000 }],
      },
      {
        name: 'URL',
        label: '公告源URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'NOTICE_NATURE',
        label: '公告性质',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '20' },
        ],
      },
      {
        name: 'BULLETIN_TYPE',
        label: '公告类型',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '32' },
        ],
      },
      {
        name: 'WIN_BIDDER_NAME',
        label: '中标投标人名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'BIDDER_CODE_TYPE',
        label: '中标投标人类别',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 30 },
          { ValidatorName: 'DomainMatch', Type: '2001' },
        ],
      },
      {
        name: 'WIN_BIDDER_CODE',
        label: '中标投标人代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'BIDDER_ROLE',
        label: '中标投标人角色',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 2 },
          { ValidatorName: 'DomainMatch', Type: '26' },
        ],
      },
      {
        name: 'UNION_CODE',
        label: '联合体代码',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'UNION_NAME',
        label: '联合体名称',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 1000 }],
      },
      {
        name: 'PRICE_FORM_CODE',
        label: '价款形式代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_FORM_CODE' },
        ],
      },
      {
        name: 'BID_AMOUNT',
        label: '中标金额',
        validators: [{ ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 }],
      },
      {
        name: 'BID_CURRENCY',
        label: '价格币种代码',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 3 }],
      },
      {
        name: 'PRICE_UNIT',
        label: '价格单位',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_UNIT' },
        ],
      },
      { name: 'OTHER_BID_PRICE', label: '费率或其它类型结果', validators: [] },
      { name: 'OTHER_CONTENT', label: '其他内容', validators: [] },
      {
        name: 'BULLETIN_DUTY',
        label: '公示发布责任人',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'EXAMINER_NAME',
        label: '交易平台数据验证责任人姓名',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'BIDDER_REGION_CODE',
        label: '中标投标人企业注册所在地',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'BIDDER_PROPERTY',
        label: '中标投标人企业性质',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '10005' },
        ],
      },
      {
        name: 'PROJECT_LEAD',
        label: '项目负责人',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'PROJECT_LEAD_ID',
        label: '项目负责人身份证号码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
    ],
  },
  '550': {
    dataNo: '550',
    table: 'PURCHASE_PROJECT',
    label: '采购项目',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'PURCHASE_PROJECT_CODE',
        label: '采购项目编号',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 50 },
          { ValidatorName: 'UniqueValue' },
          { ValidatorName: 'CannotModify' },
        ],
      },
      {
        name: 'PURCHASE_PROJECT_NAME',
        label: '采购项目名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      {
        name: 'RELATE_CODE',
        label: '项目类别关联代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'RELATE_CODE' },
        ],
      },
      {
        name: 'INVEST_PROJECT_CODE',
        label: '投资项目统一代码',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 24 }],
      },
      {
        name: 'TENDER_PROJECT_TYPE',
        label: '采购项目类型',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 3 },
          { ValidatorName: 'DomainMatch', Type: '10' },
        ],
      },
      {
        name: 'PURCHASER_NAME',
        label: '采购人名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'PURCHASER_CODE',
        label: '采购人代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'PURCHASER_ROLE',
        label: '采购人角色',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 2 },
          { ValidatorName: 'DomainMatch', Type: '26' },
        ],
      },
      {
        name: 'PRICE_FORM_CODE',
        label: '价款形式代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_FORM_CODE' },
        ],
      },
      {
        name: 'PROGRAM_BUDGET',
        label: '项目预算',
        validators: [{ ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 }],
      },
      {
        name: 'BUDGET_CURRENCY',
        label: '预算金额币种',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 3 }],
      },
      {
        name: 'UNIT_BUDGET',
        label: '预算金额单位',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_UNIT' },
        ],
      },
      {
        name: 'OTHER_PROGRAM_BUDGET',
        label: '优惠率或其它类型项目预算',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'IS_PROJECT',
        label: '是否PPP项目',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'TRUE_OR_FALSE' },
        ],
      },
      {
        name: 'PURCHASER_MODE',
        label: '采购方式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '43' },
        ],
      },
      { name: 'PURCHASER_CONTENT', label: '采购内容', validators: [] },
      {
        name: 'PURCHASER_ORGANIZE_FORM',
        label: '采购组织形式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '44' },
        ],
      },
      {
        name: 'PURCHASER_AGENCY_NAME',
        label: '采购代理机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'PURCHASER_AGENCY_CODE',
        label: '采购代理机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'PURCHASER_AGENCY_ROLE',
        label: '采购代理机构角色',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 2 }],
      },
      {
        name: 'PURCHASER_AGENCY_CONNECTOR',
        label: '采购代理机构联系人',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'PURCHASER_AGENCY_INFORMATION',
        label: '采购代理机构联系电话',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'PURCHASE_SECTION_CODE',
        label: '采购项目子包编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'PURCHASE_SECTION_NAME',
        label: '采购项目子包名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      {
        name: 'REGION_CODE',
        label: '采购项目子包所在行政区域代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'CREATE_TIME',
        label: '项目创建时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
    ],
  },
  '551': {
    dataNo: '551',
    table: 'PURCHASE_QUALI_INQUERY_ANN',
    label: '采购（资格预审）公告',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'PURCHASE_PROJECT_CODE',
        label: '采购项目编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'PURCHASE_PROJECT_NAME',
        label: '采购项目名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      {
        name: 'BULLETIN_BID_NUM',
        label: '公告子包数量',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'NumberMatch', IntegerFigures: 2 }],
      },
      {
        name: 'PURCHASE_SECTION_CODE',
        label: '相关采购项目子包编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '相关统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'BULLETIN_TITLE',
        label: '公告标题',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      { name: 'BULLETIN_CONTENT', label: '公告内容', validators: [{ ValidatorName: 'NotNull' }] },
      {
        name: 'BULLETIN_START_TIME',
        label: '公告发布时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'BULLETIN_MEDIA',
        label: '公告发布媒体',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 1000 }],
      },
      {
        name: 'URL',
        label: '公告源URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'BID_CLOSING_TIME',
        label: '投标（提交响应文件）截止时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
    ],
  },
  '553': {
    dataNo: '553',
    table: 'BID_DEAL_ANNOUNCE',
    label: '中标(成交)结果公告',
    repeatCols: ['PURCHASE_PROJECT_CODE', 'PURCHASE_PROJECT_NAME', 'PURCHASE_SECTION_CODE'],
    tableValidators: [],
    fields: [
      {
        name: 'PURCHASE_PROJECT_CODE',
        label: '采购项目编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'PURCHASE_PROJECT_NAME',
        label: '采购项目名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      {
        name: 'PURCHASE_SECTION_CODE',
        label: '采购项目子包编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'REGION_CODE',
        label: '采购项目子包所在行政区域代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'PURCHASER_AGENCY_NAME',
        label: '采购代理机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'PURCHASER_AGENCY_CODE',
        label: '采购代理机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'WIN_BID_BULLETIN_TITLE',
        label: '公告标题',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      { name: 'WIN_BID_BULLETIN_CONTENT', label: '公告内容', validators: [{ ValidatorName: 'NotNull' }] },
      {
        name: 'WIN_BID_BULLETIN_START_TIME',
        label: '首次公告时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'URL',
        label: '公告源URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'WINNINGBIDDER_NAME',
        label: '中标（成交）供应商名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'WINNINGBIDDER_TYPE',
        label: '中标（成交）供应商类别',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 30 }],
      },
      {
        name: 'WINNINGBIDDER_CODE',
        label: '中标（成交）供应商代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'PRICE_FORM_CODE',
        label: '价款形式代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 1 }],
      },
      {
        name: 'WIN_BID_PRICE',
        label: '中标（成交）价格',
        validators: [{ ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 }],
      },
      {
        name: 'CURRENCY_CODE',
        label: '价格币种代码',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 3 }],
      },
      {
        name: 'PRICE_UNIT',
        label: '价格单位',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_UNIT' },
        ],
      },
      {
        name: 'WIN_BID_RATE',
        label: '中标优惠率或其它类型价格',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'CREATOR',
        label: '创建人',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
    ],
  },
  '554': {
    dataNo: '554',
    table: 'PURCHASE_CONTRACT',
    label: '采购合同',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'PURCHASE_PROJECT_CODE',
        label: '采购项目编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'PURCHASE_PROJECT_NAME',
        label: '采购项目名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      {
        name: 'PURCHASE_SECTION_CODE',
        label: '采购项目子包编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'CONTRACT_NAME',
        label: '合同名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 600 }],
      },
      {
        name: 'PURCHASER_NAME',
        label: '采购人名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'PURCHASER_CODE',
        label: '采购人代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'LEGAL_ROLE',
        label: '采购人角色',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 2 }],
      },
      {
        name: 'SUPPLIER_NAME',
        label: '中标（成交）供应商名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'SUPPLIER_CODE',
        label: '中标（成交）供应商代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'PRICE_FORM_CODE',
        label: '价款形式代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 1 }],
      },
      {
        name: 'CONTRACT_AMOUNT',
        label: '合同金额',
        validators: [{ ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 }],
      },
      {
        name: 'CURRENCY_CODE',
        label: '价格币种代码',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 3 }],
      },
      {
        name: 'PRICE_UNIT',
        label: '金额单位',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_UNIT' },
        ],
      },
      {
        name: 'WIN_BID_RATE',
        label: '优惠率或其它类型合同价格',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'CONTRACT_TERM',
        label: '合同期限',
        validators: [{ ValidatorName: 'NumberMatch', IntegerFigures: 4 }],
      },
      {
        name: 'SIGNING_TIME',
        label: '合同签署时间',
        validators: [{ ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      { name: 'URL', label: '合同源URL', validators: [{ ValidatorName: 'LengthMatch', MaxLength: 500 }] },
    ],
  },
  '600': {
    dataNo: '600',
    table: 'DEAL_BEHAVIOR_INFO',
    label: '出让公告信息',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'ANNOUNCEMENT_GUID',
        label: '项目编号ID',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 100 },
          { ValidatorName: 'UniqueValue' },
          { ValidatorName: 'CannotModify' },
        ],
      },
      {
        name: 'LAND_PROJECT_NAME',
        label: '项目名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'ANNOUNCEMENT_TITLE',
        label: '公示标题',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      { name: 'ANNOUNCEMENT_CONNECT', label: '公示内容', validators: [{ ValidatorName: 'NotNull' }] },
      {
        name: 'LAND_DISTRICT',
        label: '项目所在行政区划代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 9 }],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'TRA_AGENCY_NAME',
        label: '交易机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TRA_AGENCY_CODE',
        label: '交易机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'URL',
        label: '公告源URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'END_DATE',
        label: '截止日期',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'CREATE_TIME',
        label: '创建时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'PUBLISHING_TIME',
        label: '发布时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'SUPPLY_TYPE',
        label: '供应方式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '7002' },
        ],
      },
      {
        name: 'CHANGE_TIME',
        label: '修改日期',
        validators: [{ ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'RETREAT_TIME',
        label: '撤回时间',
        validators: [{ ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'ANNOUNCEMENT_UNIT',
        label: '公示单位',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'ANNOUNCEMENT_START_TIME',
        label: '公示开始时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'ANNOUNCEMENT_DEADLINE',
        label: '公示结束时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'FIELD_NUM',
        label: '宗地数量',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'NumberMatch', IntegerFigures: 10 }],
      },
      {
        name: 'LISTING_START_TIME',
        label: '招拍挂开始时间',
        validators: [{ ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'LISTING_DEADLINE',
        label: '招拍挂结束时间',
        validators: [{ ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'LISTING_TYPE',
        label: '招拍挂类型',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '7001' },
        ],
      },
      {
        name: 'ANNOUNCEMENT_TYPE',
        label: '公示类型',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 2 },
          { ValidatorName: 'DomainMatch', Type: '20' },
        ],
      },
      {
        name: 'LIAISON_UNIT',
        label: '联系单位',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'UNIT_ADDRESS',
        label: '单位地址',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      { name: 'ZIP_CODE', label: '邮政编码', validators: [{ ValidatorName: 'LengthMatch', MaxLength: 10 }] },
      {
        name: 'CONTACT_PERSON',
        label: '联系人',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'CONTACT_NUMBER',
        label: '联系电话',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      { name: 'EMAIL', label: '电子邮箱', validators: [{ ValidatorName: 'LengthMatch', MaxLength: 100 }] },
      {
        name: 'CANCEL_REASON',
        label: '撤销原因',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 4000 }],
      },
      {
        name: 'ANNOUNCEMENT_CODE',
        label: '公示编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
    ],
  },
  '601': {
    dataNo: '601',
    table: 'DEAL_LAND_INFO',
    label: '成交宗地信息',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'DEAL_LAND_CODE',
        label: '成交宗地标示',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'DEAL_ANNOUNCEMENT_GUID',
        label: '项目编号ID',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'RELATE_CODE',
        label: '项目类别关联代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'RELATE_CODE' },
        ],
      },
      {
        name: 'INVEST_PROJECT_CODE',
        label: '投资项目统一代码',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 24 }],
      },
      {
        name: 'LAND_PROJECT_NAME',
        label: '项目名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'REGION_CODE',
        label: '项目所在行政区划代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'TRA_AGENCY_NAME',
        label: '交易机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TRA_AGENCY_CODE',
        label: '交易机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'LAND_CODE',
        label: '宗地编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 100 }],
      },
      {
        name: 'LAND_AREA',
        label: '土地面积',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 12, DecimalFigures: 6 },
        ],
      },
      {
        name: 'LAND_USAGE',
        label: '土地用途',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'LEND_AGE_LIMIT',
        label: '出让年限',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 50 }],
      },
      {
        name: 'LAND_POSITION',
        label: '土地坐落',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'DEAL_PRICE',
        label: '成交价格',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 12, DecimalFigures: 6 },
        ],
      },
      {
        name: 'CURRENCY_CODE',
        label: '价格币种代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 3 }],
      },
      {
        name: 'PRICE_UNIT',
        label: '价格单位',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_UNIT' },
        ],
      },
      {
        name: 'LENDING_NAME',
        label: '受让人名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'LENDING_TYPE',
        label: '受让人类别',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 30 },
          { ValidatorName: 'DomainMatch', Type: '2001' },
        ],
      },
      {
        name: 'LENDING_CODE',
        label: '受让人代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 300 }],
      },
      { name: 'LAND_BZ', label: '备注', validators: [{ ValidatorName: 'LengthMatch', MaxLength: 4000 }] },
      {
        name: 'LAND_URL',
        label: '成交宗地公示URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'ANNOUNCEMENT_TITLE',
        label: '成交公示标题',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      { name: 'ANNOUNCEMENT_CONNECT', label: '成交公示内容', validators: [{ ValidatorName: 'NotNull' }] },
      {
        name: 'PUBLISHING_TIME',
        label: '公示发布时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
    ],
  },
  '651': {
    dataNo: '651',
    table: 'MINING_BID_AUCTION_TRANS_ANN',
    label: '采矿权招拍挂出让公告信息',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'NA_APP_NAME',
        label: '矿山名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'PUBLISHING_TIME',
        label: '发布时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'URL',
        label: '公告源URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'IN_BUY_KIND',
        label: '出让方式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 3 },
          { ValidatorName: 'DomainMatch', Type: '9110' },
        ],
      },
      {
        name: 'IN_MINE_COME',
        label: '矿种',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 5 },
          { ValidatorName: 'DomainMatch', Type: '8001' },
        ],
      },
      {
        name: 'QT_PLAN_YEARS',
        label: '出让年限',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 3, DecimalFigures: 2 },
        ],
      },
      {
        name: 'QT_TOTAL_AREA',
        label: '面积',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 },
        ],
      },
      {
        name: 'NA_GEOGRAPHY_POSITION',
        label: '地理位置',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'REGION_CODE',
        label: '项目所在行政区域代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'TRA_AGENCY_NAME',
        label: '交易机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TRA_AGENCY_CODE',
        label: '交易机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      { name: 'NA_AREA_COORDINATE', label: '区域坐标', validators: [{ ValidatorName: 'NotNull' }] },
    ],
  },
  '653': {
    dataNo: '653',
    table: 'MINING_BID_AUC_TRANS_RES_ANN',
    label: '采矿权招拍挂出让结果公示信息',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'NA_APP_NAME',
        label: '矿山名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
      {
        name: 'PUBLISHING_TIME',
        label: '发布时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMddHHmmss' }],
      },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'IN_BUY_KIND',
        label: '出让方式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 3 },
          { ValidatorName: 'DomainMatch', Type: '9110' },
        ],
      },
      {
        name: 'QT_PLAN_YEARS',
        label: '出让年限',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 3, DecimalFigures: 2 },
        ],
      },
      {
        name: 'QT_TOTAL_AREA',
        label: '面积',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 },
        ],
      },
      {
        name: 'NA_GEOGRAPHY_POSITION',
        label: '地理位置',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'REGION_CODE',
        label: '项目所在行政区域代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'TRA_AGENCY_NAME',
        label: '交易机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TRA_AGENCY_CODE',
        label: '交易机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'NA_PUBLIC_BIDDER',
        label: '竞得人名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'BIDDER_TYPE',
        label: '竞得人类别',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '2001' },
        ],
      },
      {
        name: 'BIDDER_CODE',
        label: '竞得人代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'BIDDER_ROLE',
        label: '竞得人角色',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 2 },
          { ValidatorName: 'DomainMatch', Type: '26' },
        ],
      },
      {
        name: 'QT_PUBLIC_PRICE',
        label: '成交价',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 },
        ],
      },
      {
        name: 'NA_REG_ADDRESS',
        label: '竞得人公司地址',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 300 }],
      },
      {
        name: 'NA_TD_ADDRESS',
        label: '成交地点',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 255 }],
      },
      {
        name: 'DT_BUY_DATE',
        label: '成交时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'IN_COST_STYLE',
        label: '出让收益缴纳方式',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'NumberMatch', IntegerFigures: 1 }],
      },
      {
        name: 'DT_COST_DATE',
        label: '出让收益缴纳时间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      { name: 'NA_AREA_COORDINATE', label: '区域坐标', validators: [{ ValidatorName: 'NotNull' }] },
      {
        name: 'URL',
        label: '公告源URL',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 500 }],
      },
    ],
  },
  '700': {
    dataNo: '700',
    table: 'LISTING_PUB_INFO',
    label: '挂牌披露信息',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'PROJECT_NAME',
        label: '项目名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 300 }],
      },
      {
        name: 'PROJECT_CODE',
        label: '项目编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 20 }],
      },
      { name: 'BID_CODE', label: '标的编号', validators: [{ ValidatorName: 'LengthMatch', MaxLength: 20 }] },
      { name: 'BID_NAME', label: '标的名称', validators: [{ ValidatorName: 'LengthMatch', MaxLength: 300 }] },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'PROJECT_CLASSIFY_CODE',
        label: '项目分类代码',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 3 },
          { ValidatorName: 'DomainMatch', Type: '10' },
        ],
      },
      {
        name: 'PROJECT_TYPE',
        label: '资产类别（实物）',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 30 },
          { ValidatorName: 'DomainMatch', Type: '22' },
        ],
      },
      {
        name: 'REGION_CODE',
        label: '标的所在行政区域代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'TRA_AGENCY_NAME',
        label: '交易机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TRA_AGENCY_CODE',
        label: '交易机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'SELLER_NAME',
        label: '转让方名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 300 }],
      },
      {
        name: 'SELLER_CODE',
        label: '转让方代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'SELLER_TYPE',
        label: '转让方类别',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '2001' },
        ],
      },
      {
        name: 'SELLER_ROLE',
        label: '转让方角色',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 2 },
          { ValidatorName: 'DomainMatch', Type: '26' },
        ],
      },
      {
        name: 'PRICE_FORM_CODE',
        label: '价款形式代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_FORM_CODE' },
        ],
      },
      {
        name: 'PROJECT_PRICE',
        label: '挂牌价格',
        validators: [{ ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 }],
      },
      {
        name: 'CURRENCY_CODE',
        label: '价格币种代码',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 3 }],
      },
      {
        name: 'PRICE_UNIT',
        label: '价格单位',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_UNIT' },
        ],
      },
      {
        name: 'OTHER_PRICE',
        label: '其它形式挂牌报价',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'PUBLISH_DURATION',
        label: '挂牌期间',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'NumberMatch', IntegerFigures: 3 }],
      },
      {
        name: 'PUBLISH_DATE',
        label: '挂牌日期',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'POST_PONE',
        label: '是否自动延期',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'CQ_TRUE_OR_FALSE' },
        ],
      },
      {
        name: 'PRE_EXCHANGE_TYPE',
        label: '交易方式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 10 },
          { ValidatorName: 'DomainMatch', Type: '23' },
        ],
      },
      {
        name: 'TRANSFER_NOTES',
        label: '转让说明事项',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 4000 }],
      },
      {
        name: 'PROJECT_URL',
        label: '在交易机构网站进行挂牌信息披露的链接',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
    ],
  },
  '701': {
    dataNo: '701',
    table: 'TRADE_RESULT_INFO',
    label: '交易结果信息',
    repeatCols: [],
    tableValidators: [],
    fields: [
      {
        name: 'PROJECT_NAME',
        label: '项目名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 300 }],
      },
      {
        name: 'PROJECT_CODE',
        label: '项目编号',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 20 }],
      },
      { name: 'BID_CODE', label: '标的编号', validators: [{ ValidatorName: 'LengthMatch', MaxLength: 20 }] },
      { name: 'BID_NAME', label: '标的名称', validators: [{ ValidatorName: 'LengthMatch', MaxLength: 300 }] },
      {
        name: 'UNIFIED_DEAL_CODE',
        label: '统一交易标识码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 40 }],
      },
      {
        name: 'REGION_CODE',
        label: '标的所在行政区域代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 6 },
          { ValidatorName: 'AreaCodeMatch', Begin: 0 },
        ],
      },
      {
        name: 'TRA_PLACE_CODE',
        label: '交易发生行政区域代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', FixedLength: 6 }],
      },
      {
        name: 'TRA_AGENCY_NAME',
        label: '交易机构名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
      {
        name: 'TRA_AGENCY_CODE',
        label: '交易机构代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'EXCHANGE_TYPE',
        label: '交易方式',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', MaxLength: 10 },
          { ValidatorName: 'DomainMatch', Type: '23' },
        ],
      },
      {
        name: 'SELLER_NAME',
        label: '受让方名称',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 300 }],
      },
      {
        name: 'SELLER_CODE',
        label: '受让方代码',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 18 }],
      },
      {
        name: 'SELLER_TYPE',
        label: '受让方类别',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'DomainMatch', Type: '2001' },
        ],
      },
      {
        name: 'SELLER_ROLE',
        label: '受让方角色',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 2 },
          { ValidatorName: 'DomainMatch', Type: '26' },
        ],
      },
      {
        name: 'OBJECT_EVALUATE_VALUE',
        label: '转让标的评估值或账面净值',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 },
        ],
      },
      {
        name: 'PRICE_FORM_CODE',
        label: '价款形式代码',
        validators: [
          { ValidatorName: 'NotNull' },
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_FORM_CODE' },
        ],
      },
      {
        name: 'TRADE_VALUE',
        label: '成交金额',
        validators: [{ ValidatorName: 'NumberMatch', IntegerFigures: 14, DecimalFigures: 6 }],
      },
      {
        name: 'CURRENCY_CODE',
        label: '成交金额币种代码',
        validators: [{ ValidatorName: 'LengthMatch', FixedLength: 3 }],
      },
      {
        name: 'PRICE_UNIT',
        label: '成交金额单位',
        validators: [
          { ValidatorName: 'LengthMatch', FixedLength: 1 },
          { ValidatorName: 'EnumMatch', EnumType: 'PRICE_UNIT' },
        ],
      },
      {
        name: 'OTHER_BID_PRICE',
        label: '其它类型成交结果',
        validators: [{ ValidatorName: 'LengthMatch', MaxLength: 2000 }],
      },
      {
        name: 'TRADE_DATE',
        label: '成交日期',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'DateMatch', Format: 'yyyyMMdd' }],
      },
      {
        name: 'PROJECT_URL',
        label: '在交易机构网站进行挂牌信息披露的链接',
        validators: [{ ValidatorName: 'NotNull' }, { ValidatorName: 'LengthMatch', MaxLength: 200 }],
      },
    ],
  },
};
