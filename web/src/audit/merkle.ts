// RFC 9162 Merkle tree proofs, recomputed in the page: leaf hash SHA-256(0x00 || leaf), interior node
// SHA-256(0x01 || left || right) (2.1.1); inclusion (2.1.3.2) and consistency (2.1.4.2) verification, step by step.
import { equal, sha256 } from "./bytes";

export const leafHash = (leaf: Uint8Array): Uint8Array => sha256(Uint8Array.of(0), leaf);
const node = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(Uint8Array.of(1), left, right);
const emptyRoot = (): Uint8Array => sha256();

/** RFC 9162 2.1.3.2: true when path proves leaf hash at index under root of a tree of size leaves. */
export function verifyInclusion(hash: Uint8Array, index: number, size: number, path: Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  // Sizes up to 2^53 do not fit in 32-bit operators: halve with Math.floor.
  let fn = index;
  let sn = size - 1;
  let r = hash;
  for (const p of path) {
    if (p.length !== 32 || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 2.1.4.2: true when path proves that the tree of second leaves (root secondRoot) extends the first. */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, path: Uint8Array[]): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (path.some((p) => p.length !== 32)) return false;
  if (first === second) return path.length === 0 && equal(firstRoot, secondRoot);
  if (first === 0) return path.length === 0 && equal(firstRoot, emptyRoot());
  // 1. If first is an exact power of 2, prepend first_hash to the path.
  const proof = isPowerOfTwo(first) ? [firstRoot, ...path] : [...path];
  if (proof.length === 0) return false;
  // 2-4. fn = first - 1, sn = second - 1; while LSB(fn) is set, shift both right.
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5. fr = sr = the first value in the path.
  let fr = proof[0]!;
  let sr = proof[0]!;
  // 6. For each subsequent value c in the path.
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = node(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 7. fr must be first_hash, sr second_hash and sn 0.
  return equal(fr, firstRoot) && equal(sr, secondRoot) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1) {
    if (n % 2 === 1) return false;
    n = Math.floor(n / 2);
  }
  return n === 1;
}
