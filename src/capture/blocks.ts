// Block type ids of the scap file format (libscap scap_savefile.h). `*_INT` ids are pre-release aliases with
// the layout of the block they alias. See ../shared/docs/scap-format.md §2.

export const SHB = 0x0a0d0d0a;
export const SHB_MAGIC = 0x1a2b3c4d;

export const MI = 0x201;
export const MI_INT = 0x8002abcd;

export const PL_V1 = 0x202;
export const PL_V1_INT = 0x8000abcd;
export const PL_V2 = 0x207;
export const PL_V2_INT = 0x8013abcd;
export const PL_V3 = 0x209;
export const PL_V3_INT = 0x8014abcd;
export const PL_V4 = 0x210;
export const PL_V5 = 0x211;
export const PL_V6 = 0x212;
export const PL_V7 = 0x213;
export const PL_V8 = 0x214;
export const PL_V9 = 0x215;

export const FDL = 0x203;
export const FDL_INT = 0x8001abcd;
export const FDL_V2 = 0x218;

export const EV = 0x204;
export const EV_INT = 0x8010abcd;
export const EV_V2 = 0x216;
export const EV_V2_LARGE = 0x221;
export const EVF = 0x208;
export const EVF_V2 = 0x217;
export const EVF_V2_LARGE = 0x222;

export const IL = 0x205;
export const IL_INT = 0x8011abcd;
export const IL_V2 = 0x219;

export const UL = 0x206;
export const UL_INT = 0x8012abcd;
export const UL_V2 = 0x220;

/** EVF dump flag SCAP_DF_STATE_ONLY (libscap scap.h: 1): the event only feeds state ("fatfile" mode) and is never
 * shown to rules or users. */
export const DF_STATE_ONLY = 1;

/** libscap's READER_BUF_SIZE: a non-large event block body (total − 8) may not exceed it. */
export const READER_BUF_SIZE = 65536;

/**
 * Our own caps, so that a hostile length cannot exhaust memory: a metadata block (a process list of a very busy
 * host stays far below it) and a large event block (container metadata, plugin payloads).
 */
export const MAX_BLOCK_SIZE = 256 * 1024 * 1024;
export const MAX_LARGE_EVENT_BLOCK = 16 * 1024 * 1024;

/** Process-list version of a block id, 0 when the id is not a process list. */
export function procListVersion(type: number): number {
  switch (type) {
    case PL_V1:
    case PL_V1_INT:
      return 1;
    case PL_V2:
    case PL_V2_INT:
      return 2;
    case PL_V3:
    case PL_V3_INT:
      return 3;
    case PL_V4:
      return 4;
    case PL_V5:
      return 5;
    case PL_V6:
      return 6;
    case PL_V7:
      return 7;
    case PL_V8:
      return 8;
    case PL_V9:
      return 9;
    default:
      return 0;
  }
}

/** Event block kinds: 0 not an event; bit 1 v2 header (with nparams); bit 2 has dump flags; bit 4 large. */
/**
 * Where an event block's event code sits, from the block's start (block header 8, cpu 2, dump flags 4 for EVF
 * kinds, then the frame's ts 8, tid 8, len 4); 0 for other blocks.
 */
export function eventCodeOffset(type: number): number {
  switch (type) {
    case EV:
    case EV_INT:
    case EV_V2:
    case EV_V2_LARGE:
      return 30;
    case EVF:
    case EVF_V2:
    case EVF_V2_LARGE:
      return 34;
    default:
      return 0;
  }
}

export function eventBlockKind(type: number): number {
  switch (type) {
    case EV:
    case EV_INT:
      return EVK_EVENT;
    case EV_V2:
      return EVK_EVENT | EVK_V2;
    case EV_V2_LARGE:
      return EVK_EVENT | EVK_V2 | EVK_LARGE;
    case EVF:
      return EVK_EVENT | EVK_FLAGS;
    case EVF_V2:
      return EVK_EVENT | EVK_V2 | EVK_FLAGS;
    case EVF_V2_LARGE:
      return EVK_EVENT | EVK_V2 | EVK_FLAGS | EVK_LARGE;
    default:
      return 0;
  }
}
export const EVK_EVENT = 1;
export const EVK_V2 = 2;
export const EVK_FLAGS = 4;
export const EVK_LARGE = 8;
