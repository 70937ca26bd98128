// Child names: `<parent>-<suffix>`, each a DNS-1035 label (Services need one) of at most 63 characters.
import { SERVICE_SHORT_NAMES, type ServiceKey } from "../api/seckill.js";

export const childName = (parent: string, service: ServiceKey): string => `${parent}-${SERVICE_SHORT_NAMES[service]}`;
export const configName = (parent: string): string => `${parent}-config`;
export const dashboardName = (parent: string): string => `${parent}-dashboard`;

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const isDns1035Label = (name: string): boolean => name.length <= 63 && DNS1035_LABEL.test(name);
