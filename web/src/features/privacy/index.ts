export { CasePrivacyPanel, type CasePrivacyPanelProps } from './CasePrivacyPanel.js';
export { CprWarning } from './CprWarning.js';
export { useCprWarning } from './useCprWarning.js';
export { useCprRefusal } from './useCprRefusal.js';
export { CprRefused } from './CprRefused.js';
export { AccessRequestDownload } from './AccessRequestDownload.js';
