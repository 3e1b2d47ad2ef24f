// The event type every field extractor and the engine see: the capture flyweight with its state links typed.
import type { ScapEvent } from '../capture/event.ts';
import type { FdInfo } from './fd.ts';
import type { SystemState } from './state.ts';
import type { ThreadInfo } from './thread.ts';

export type Event = ScapEvent<ThreadInfo, FdInfo, SystemState>;
