// Every field class of the syscall source, in the order Falco lists them and resolves field names: libsinsp's
// classes (filter_check_list.cpp: evt generic, evt, process, user, group, fd, fs.path, util, fdlist), then the
// container plugin's, which Falco registers after them.
import { containerClass } from './container.ts';
import { evtClass } from './evt.ts';
import { evtGenericClass } from './evt-generic.ts';
import { fdClass } from './fd.ts';
import { fdlistClass } from './fdlist.ts';
import { fsPathClass } from './fs-path.ts';
import { groupClass } from './group.ts';
import { k8sClass } from './k8s.ts';
import { processClass } from './process.ts';
import type { CatalogClass } from './types.ts';
import { userClass } from './user.ts';
import { utilClass } from './util.ts';

export type { CatalogClass, CatalogField } from './types.ts';
export {
  containerClass,
  evtClass,
  evtGenericClass,
  fdClass,
  fdlistClass,
  fsPathClass,
  groupClass,
  k8sClass,
  processClass,
  userClass,
  utilClass,
};

export const SYSCALL_CLASSES: readonly CatalogClass[] = [
  evtGenericClass,
  evtClass,
  processClass,
  userClass,
  groupClass,
  fdClass,
  fsPathClass,
  utilClass,
  fdlistClass,
  containerClass,
  k8sClass,
];
