/** Every name a person reads comes in both languages; zh-CN uses the policy texts' exact terms. */
export interface Label {
  zh: string;
  en: string;
}
