export { CasePrivacyPanel, type CasePrivacyPanelProps } from './CasePrivacyPanel.js';
export { CprWarning } from './CprWarning.js';
export { useCprWarning } from './useCprWarning.js';
export { AccessRequestDownload } from './AccessRequestDownload.js';
