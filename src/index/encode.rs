//! Unsigned LEB128 varints and the FNV-1a hashes the index files use.

pub fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads a varint at `*at`, advancing it; `None` at the end of the data
/// or on a varint longer than 64 bits.
pub fn read_varint(data: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *data.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// FNV-1a over the code points of a gram, 32 bits: picks the gram's shard.
/// The client computes the same with `Math.imul`.
pub fn gram_hash(chars: &[char]) -> u32 {
    let mut hash: u32 = 2_166_136_261;
    for &c in chars {
        hash ^= c as u32;
        hash = hash.wrapping_mul(16_777_619);
    }
    hash
}

/// FNV-1a over bytes, 64 bits, as hex: names files by their content so
/// browsers may cache them for good.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip() {
        for value in [0, 1, 127, 128, 300, 16_384, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            write_varint(&mut out, value);
            let mut at = 0;
            assert_eq!(read_varint(&out, &mut at), Some(value));
            assert_eq!(at, out.len());
        }
    }

    #[test]
    fn gram_hash_known_value() {
        // FNV-1a-32 of the code points of "a" (0x61): (0x811c9dc5 ^ 0x61) * 0x01000193.
        assert_eq!(gram_hash(&['a']), 0xe40c_292c);
    }
}
