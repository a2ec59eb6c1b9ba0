// Pages of the example site that the accessibility scripts visit: at
// least one page of every template of the default theme, relative to the
// base URL. The template each one stands for is named beside it.

export const TEMPLATE_PAGES = [
  { template: 'home.html', path: '' },
  { template: 'list.html', path: 'commitments/' },
  { template: 'list.html (second page, pager)', path: 'commitments/page/2/' },
  { template: 'facet_index.html', path: 'commitments/status/' },
  { template: 'record.html (commitment with progress)', path: 'commitments/2024/task-06/' },
  { template: 'record.html (disclosure with attachment)', path: 'disclosures/2024/xinyongban-2024-3/' },
  { template: 'record.html (criticism)', path: 'criticisms/2024/kjj-jiangbu-duixian/' },
  { template: 'notice.html (revoked criticism)', path: 'criticisms/2025/xiaoguan-zhaoshang-xieyi/' },
  { template: 'evaluation.html', path: 'evaluations/2025/xianzhi-bumen-2024/' },
  { template: 'units.html', path: 'units/' },
  { template: 'unit.html', path: 'units/fgj/' },
  { template: 'stats.html', path: 'stats/' },
  { template: 'page.html', path: 'pages/about/' },
  { template: 'search.html (with results)', path: 'search/?q=%E5%8F%91%E6%94%B9', waitFor: '#search-list li' },
  { template: '404.html', path: 'gongshi-e2e-no-such-page/', status: 404 },
];

// localStorage keys and values that base.html's script reads before the
// first paint: the 大字 and 高对比度 switches together make the 适老化 mode.
export const ELDERLY_MODE_STORAGE = {
  'gongshi-a11y-large': '1',
  'gongshi-a11y-contrast': '1',
};
export const ELDERLY_MODE_CLASSES = ['a11y-large', 'a11y-contrast'];

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
