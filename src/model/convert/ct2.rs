//! Reader of CTranslate2 `model.bin` files (binary version 6).
//!
//! Takes the whole file as a byte slice; produces a table of variables whose
//! data are borrowed sub-slices of it (nothing is copied), plus the alias
//! table. Every count, rank, name length and byte count is checked against the
//! bytes that remain before it is used, and the file must end exactly after the
//! alias table. Must never panic, copy tensor data, or allocate by a count
//! read from the file (the variable list grows one parsed entry at a time).

use std::collections::HashMap;

use super::error::ConvertError;

/// The only binary version this reader understands.
const BINARY_VERSION: u32 = 6;
/// Largest rank accepted (Whisper uses at most 3).
const MAX_RANK: u8 = 4;
/// Longest variable or alias name accepted, in bytes (without the NUL).
const MAX_NAME: usize = 1024;
/// Most variables accepted (tiny.en has 148, large models a few hundred).
const MAX_VARIABLES: u32 = 100_000;
/// Most aliases accepted (Whisper has 1).
const MAX_ALIASES: u32 = 100_000;
/// Smallest encoding of a variable: u16 + NUL name, rank, dtype, u32 size.
const MIN_VARIABLE_BYTES: u64 = 2 + 1 + 1 + 1 + 4;
/// Smallest encoding of an alias: two empty strings.
const MIN_ALIAS_BYTES: u64 = 2 * (2 + 1);

/// CTranslate2 element types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dtype {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl Dtype {
    fn from_id(id: u8) -> Option<Dtype> {
        match id {
            0 => Some(Dtype::F32),
            1 => Some(Dtype::I8),
            2 => Some(Dtype::I16),
            3 => Some(Dtype::I32),
            4 => Some(Dtype::F16),
            5 => Some(Dtype::Bf16),
            _ => None,
        }
    }

    /// Bytes per element.
    pub(crate) fn size(self) -> u64 {
        match self {
            Dtype::I8 => 1,
            Dtype::I16 | Dtype::F16 | Dtype::Bf16 => 2,
            Dtype::F32 | Dtype::I32 => 4,
        }
    }

    /// True for the integer types.
    pub(crate) fn is_integer(self) -> bool {
        matches!(self, Dtype::I8 | Dtype::I16 | Dtype::I32)
    }
}

/// One stored variable; `data` borrows the file.
#[derive(Debug)]
pub(crate) struct Variable<'a> {
    pub(crate) name: &'a str,
    /// Dims, outermost first (NumPy order).
    pub(crate) dims: Vec<u64>,
    /// Raw dtype id as stored.
    pub(crate) dtype_id: u8,
    /// `None` for an id this reader does not know.
    pub(crate) dtype: Option<Dtype>,
    pub(crate) data: &'a [u8],
}

impl Variable<'_> {
    /// Number of elements (1 for a scalar). Checked when parsing.
    pub(crate) fn elements(&self) -> u64 {
        self.dims.iter().product()
    }
}

/// A parsed `model.bin`.
#[derive(Debug)]
pub(crate) struct Ct2Model<'a> {
    pub(crate) spec_revision: u32,
    pub(crate) variables: Vec<Variable<'a>>,
    /// Name (of a variable or an alias) → index into `variables`.
    index: HashMap<&'a str, usize>,
    /// Alias names, in file order, with their resolved variable index.
    pub(crate) aliases: Vec<(&'a str, usize)>,
}

impl<'a> Ct2Model<'a> {
    /// Parses and validates the structure of a whole `model.bin`.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Ct2Model<'a>, ConvertError> {
        let mut c = Cursor { bytes, pos: 0 };
        let version = c.u32(|| "the binary version".into())?;
        if version != BINARY_VERSION {
            return Err(ConvertError::UnsupportedVersion(version));
        }
        let spec = c.string(|| "the spec name".into())?;
        if spec != "WhisperSpec" {
            return Err(ConvertError::NotWhisper(spec.chars().take(80).collect()));
        }
        let spec_revision = c.u32(|| "the spec revision".into())?;

        let count_at = c.pos;
        let count = c.u32(|| "the variable count".into())?;
        if count > MAX_VARIABLES {
            return Err(ConvertError::TooLarge {
                what: "the variable count".into(),
                value: count.into(),
                limit: MAX_VARIABLES.into(),
            });
        }
        c.check_room(
            u64::from(count).saturating_mul(MIN_VARIABLE_BYTES),
            count_at,
            || format!("the table of {count} variables"),
        )?;

        let mut variables: Vec<Variable<'a>> = Vec::new();
        let mut index: HashMap<&'a str, usize> = HashMap::new();
        for i in 0..count {
            let start = c.pos;
            let name = c.string(|| format!("the name of variable #{i}"))?;
            let rank = c.u8(|| format!("the rank of variable '{name}'"))?;
            if rank > MAX_RANK {
                return Err(ConvertError::Malformed {
                    what: format!("variable '{name}'"),
                    offset: pos64(start),
                    reason: format!("rank {rank} is above the limit of {MAX_RANK}"),
                });
            }
            let mut dims = Vec::with_capacity(usize::from(MAX_RANK));
            let mut elements: u64 = 1;
            for _ in 0..rank {
                let d = c.u32(|| format!("the dims of variable '{name}'"))?;
                elements =
                    elements
                        .checked_mul(u64::from(d))
                        .ok_or_else(|| ConvertError::TooLarge {
                            what: format!("the element count of variable '{name}'"),
                            value: u64::MAX,
                            limit: u64::from(u32::MAX),
                        })?;
                dims.push(u64::from(d));
            }
            let dtype_id = c.u8(|| format!("the dtype of variable '{name}'"))?;
            let dtype = Dtype::from_id(dtype_id);
            let nbytes = c.u32(|| format!("the byte count of variable '{name}'"))?;
            if let Some(dt) = dtype {
                // A product above u64 range cannot equal a u32 byte count anyway.
                let expected = elements.saturating_mul(dt.size());
                if expected != u64::from(nbytes) {
                    return Err(ConvertError::ByteCountMismatch {
                        name: name.into(),
                        shape: dims,
                        expected,
                        found: nbytes.into(),
                    });
                }
            }
            let data = c.take(u64::from(nbytes), || {
                format!("the data of variable '{name}'")
            })?;
            if index.insert(name, variables.len()).is_some() {
                return Err(ConvertError::DuplicateVariable(name.into()));
            }
            variables.push(Variable {
                name,
                dims,
                dtype_id,
                dtype,
                data,
            });
        }

        let count_at = c.pos;
        let alias_count = c.u32(|| "the alias count".into())?;
        if alias_count > MAX_ALIASES {
            return Err(ConvertError::TooLarge {
                what: "the alias count".into(),
                value: alias_count.into(),
                limit: MAX_ALIASES.into(),
            });
        }
        c.check_room(
            u64::from(alias_count).saturating_mul(MIN_ALIAS_BYTES),
            count_at,
            || format!("the table of {alias_count} aliases"),
        )?;
        let mut aliases = Vec::new();
        for i in 0..alias_count {
            let alias = c.string(|| format!("the name of alias #{i}"))?;
            let target = c.string(|| format!("the target of alias '{alias}'"))?;
            let Some(&to) = index.get(target) else {
                return Err(ConvertError::BadAlias {
                    alias: alias.into(),
                    target: target.into(),
                });
            };
            if index.insert(alias, to).is_some() {
                return Err(ConvertError::DuplicateVariable(alias.into()));
            }
            aliases.push((alias, to));
        }

        let remaining = c.remaining();
        if remaining != 0 {
            return Err(ConvertError::TrailingBytes {
                offset: pos64(c.pos),
                remaining,
            });
        }
        Ok(Ct2Model {
            spec_revision,
            variables,
            index,
            aliases,
        })
    }

    /// Index of the variable a name (or alias) refers to.
    pub(crate) fn lookup(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// True if `name` is an alias rather than a stored variable.
    pub(crate) fn is_alias(&self, name: &str) -> bool {
        self.aliases.iter().any(|(a, _)| *a == name)
    }
}

/// usize → u64 (lossless on every supported platform; saturating otherwise).
fn pos64(p: usize) -> u64 {
    u64::try_from(p).unwrap_or(u64::MAX)
}

/// Bounds-checked little-endian reader over the file bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn remaining(&self) -> u64 {
        pos64(self.bytes.len().saturating_sub(self.pos))
    }

    /// Fails unless `needed` bytes remain after `at` (the start of the item).
    fn check_room(
        &self,
        needed: u64,
        at: usize,
        what: impl FnOnce() -> String,
    ) -> Result<(), ConvertError> {
        let remaining = self.remaining();
        if needed > remaining {
            return Err(ConvertError::Truncated {
                what: what(),
                offset: pos64(at),
                needed,
                remaining,
            });
        }
        Ok(())
    }

    fn take(&mut self, n: u64, what: impl FnOnce() -> String) -> Result<&'a [u8], ConvertError> {
        self.check_room(n, self.pos, what)?;
        // n <= remaining <= usize::MAX here, so neither conversion can fail.
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let end = self.pos.saturating_add(n);
        let slice = self.bytes.get(self.pos..end).unwrap_or_default();
        if slice.len() != n {
            // Unreachable after check_room; kept so no path can panic.
            return Err(ConvertError::Truncated {
                what: "data".into(),
                offset: pos64(self.pos),
                needed: pos64(n),
                remaining: self.remaining(),
            });
        }
        self.pos = end;
        Ok(slice)
    }

    fn array<const N: usize>(
        &mut self,
        what: impl FnOnce() -> String,
    ) -> Result<[u8; N], ConvertError> {
        let s = self.take(pos64(N), what)?;
        let mut a = [0u8; N];
        for (d, s) in a.iter_mut().zip(s) {
            *d = *s;
        }
        Ok(a)
    }

    fn u8(&mut self, what: impl FnOnce() -> String) -> Result<u8, ConvertError> {
        Ok(u8::from_le_bytes(self.array(what)?))
    }

    fn u16(&mut self, what: impl FnOnce() -> String) -> Result<u16, ConvertError> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    fn u32(&mut self, what: impl FnOnce() -> String) -> Result<u32, ConvertError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    /// A CTranslate2 string: u16 length including a trailing NUL, the UTF-8
    /// bytes, the NUL.
    fn string(&mut self, what: impl Fn() -> String) -> Result<&'a str, ConvertError> {
        let start = self.pos;
        let len = self.u16(&what)?;
        let malformed = |reason: String| ConvertError::Malformed {
            what: what(),
            offset: pos64(start),
            reason,
        };
        if len == 0 {
            return Err(malformed(
                "a string of length 0 (it must at least hold its NUL)".into(),
            ));
        }
        if usize::from(len) - 1 > MAX_NAME {
            return Err(ConvertError::TooLarge {
                what: what(),
                value: u64::from(len) - 1,
                limit: pos64(MAX_NAME),
            });
        }
        let raw = self.take(u64::from(len), &what)?;
        let Some((&0, text)) = raw.split_last() else {
            return Err(malformed("the string does not end with a NUL byte".into()));
        };
        if text.is_empty() {
            return Err(malformed("the name is empty".into()));
        }
        if text.contains(&0) {
            return Err(malformed("the string contains a NUL byte".into()));
        }
        std::str::from_utf8(text).map_err(|_| malformed("the string is not UTF-8".into()))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Also home of [`Ct2Builder`], used by the other test modules.
    use super::*;

    /// Builds synthetic CTranslate2 files for tests.
    #[derive(Default)]
    pub(crate) struct Ct2Builder {
        vars: Vec<(String, Vec<u32>, u8, Vec<u8>)>,
        aliases: Vec<(String, String)>,
        pub(crate) version: Option<u32>,
        pub(crate) spec: Option<String>,
    }

    impl Ct2Builder {
        /// Adds a variable with explicit raw bytes.
        pub(crate) fn raw(&mut self, name: &str, dims: &[u32], dtype: u8, data: Vec<u8>) {
            self.vars
                .push((name.to_string(), dims.to_vec(), dtype, data));
        }

        /// Adds a float16 variable with the given values.
        pub(crate) fn f16(&mut self, name: &str, dims: &[u32], values: &[f32]) {
            let data = values
                .iter()
                .flat_map(|v| half::f16::from_f32(*v).to_le_bytes())
                .collect();
            self.raw(name, dims, 4, data);
        }

        /// Adds a float32 variable with the given values.
        pub(crate) fn f32(&mut self, name: &str, dims: &[u32], values: &[f32]) {
            let data = values.iter().flat_map(|v| v.to_le_bytes()).collect();
            self.raw(name, dims, 0, data);
        }

        /// Adds an int16 scalar.
        pub(crate) fn i16_scalar(&mut self, name: &str, v: i16) {
            self.raw(name, &[], 2, v.to_le_bytes().to_vec());
        }

        /// Adds an alias.
        pub(crate) fn alias(&mut self, name: &str, target: &str) {
            self.aliases.push((name.into(), target.into()));
        }

        /// Removes a variable.
        pub(crate) fn remove(&mut self, name: &str) {
            self.vars.retain(|v| v.0 != name);
        }

        /// Removes an alias.
        pub(crate) fn remove_alias(&mut self, name: &str) {
            self.aliases.retain(|a| a.0 != name);
        }

        /// Mutable access to a variable's raw parts.
        pub(crate) fn get_mut(&mut self, name: &str) -> &mut (String, Vec<u32>, u8, Vec<u8>) {
            self.vars
                .iter_mut()
                .find(|v| v.0 == name)
                .expect("test variable exists")
        }

        fn put_string(out: &mut Vec<u8>, s: &str) {
            out.extend_from_slice(&(u16::try_from(s.len() + 1).unwrap()).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
            out.push(0);
        }

        /// Serialises, sorting variables by name as CTranslate2 does.
        pub(crate) fn build(&self) -> Vec<u8> {
            let mut vars: Vec<_> = self.vars.iter().collect();
            vars.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out = Vec::new();
            out.extend_from_slice(&self.version.unwrap_or(6).to_le_bytes());
            Self::put_string(&mut out, self.spec.as_deref().unwrap_or("WhisperSpec"));
            out.extend_from_slice(&3u32.to_le_bytes());
            out.extend_from_slice(&u32::try_from(vars.len()).unwrap().to_le_bytes());
            for (name, dims, dtype, data) in vars {
                Self::put_string(&mut out, name);
                out.push(u8::try_from(dims.len()).unwrap());
                for d in dims {
                    out.extend_from_slice(&d.to_le_bytes());
                }
                out.push(*dtype);
                out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
                out.extend_from_slice(data);
            }
            out.extend_from_slice(&u32::try_from(self.aliases.len()).unwrap().to_le_bytes());
            for (a, t) in &self.aliases {
                Self::put_string(&mut out, a);
                Self::put_string(&mut out, t);
            }
            out
        }
    }

    fn small() -> Ct2Builder {
        let mut b = Ct2Builder::default();
        b.f16("a/w", &[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        b.i16_scalar("a/num_heads", 6);
        b.alias("a/alias", "a/w");
        b
    }

    #[test]
    fn parses_variables_scalars_and_aliases() {
        let bytes = small().build();
        let m = Ct2Model::parse(&bytes).unwrap();
        assert_eq!(m.spec_revision, 3);
        assert_eq!(m.variables.len(), 2);
        let w = &m.variables[m.lookup("a/w").unwrap()];
        assert_eq!(w.dims, vec![2, 3]);
        assert_eq!(w.dtype, Some(Dtype::F16));
        assert_eq!(w.data.len(), 12);
        assert_eq!(m.lookup("a/alias"), m.lookup("a/w"));
        assert!(m.is_alias("a/alias"));
        assert!(!m.is_alias("a/w"));
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = small().build();
        for n in 0..bytes.len() {
            let e = Ct2Model::parse(&bytes[..n]).unwrap_err();
            assert!(
                matches!(e, ConvertError::Truncated { .. }),
                "prefix {n}: {e}"
            );
        }
    }

    #[test]
    fn trailing_bytes_are_an_error() {
        let mut bytes = small().build();
        bytes.push(0);
        assert!(matches!(
            Ct2Model::parse(&bytes),
            Err(ConvertError::TrailingBytes { remaining: 1, .. })
        ));
    }

    #[test]
    fn wrong_version_and_spec_are_named() {
        let mut b = small();
        b.version = Some(5);
        assert!(matches!(
            Ct2Model::parse(&b.build()),
            Err(ConvertError::UnsupportedVersion(5))
        ));
        let mut b = small();
        b.spec = Some("TransformerSpec".into());
        assert!(matches!(
            Ct2Model::parse(&b.build()),
            Err(ConvertError::NotWhisper(s)) if s == "TransformerSpec"
        ));
    }

    /// Offset of the u32 variable count in a builder file with spec
    /// "WhisperSpec".
    const COUNT_AT: usize = 4 + 2 + 12 + 4;

    #[test]
    fn huge_variable_count_is_refused_before_reading() {
        let mut bytes = small().build();
        bytes[COUNT_AT..COUNT_AT + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            Ct2Model::parse(&bytes),
            Err(ConvertError::TooLarge { .. })
        ));
        bytes[COUNT_AT..COUNT_AT + 4].copy_from_slice(&90_000u32.to_le_bytes());
        assert!(matches!(
            Ct2Model::parse(&bytes),
            Err(ConvertError::Truncated { .. })
        ));
    }

    #[test]
    fn lying_byte_count_and_dims_are_errors() {
        // Byte count far beyond the file.
        let mut b = Ct2Builder::default();
        b.raw("x", &[u32::MAX / 2], 1, Vec::new());
        let mut bytes = b.build();
        // Declared bytes = u32::MAX/2 (matches dims for int8) but absent.
        let at = bytes.len() - 4 - 4;
        bytes[at..at + 4].copy_from_slice(&(u32::MAX / 2).to_le_bytes());
        assert!(matches!(
            Ct2Model::parse(&bytes),
            Err(ConvertError::Truncated { needed, .. }) if needed == u64::from(u32::MAX / 2)
        ));
        // Huge dims whose product overflows.
        let mut b = Ct2Builder::default();
        b.raw(
            "x",
            &[u32::MAX, u32::MAX, u32::MAX, u32::MAX],
            4,
            Vec::new(),
        );
        assert!(matches!(
            Ct2Model::parse(&b.build()),
            Err(ConvertError::TooLarge { .. })
        ));
        // Dims that disagree with the byte count.
        let mut b = Ct2Builder::default();
        b.raw("x", &[3], 4, vec![0; 4]);
        assert!(matches!(
            Ct2Model::parse(&b.build()),
            Err(ConvertError::ByteCountMismatch {
                expected: 6,
                found: 4,
                ..
            })
        ));
    }

    #[test]
    fn huge_rank_and_name_length_are_errors() {
        let mut b = Ct2Builder::default();
        b.raw("x", &[1, 1, 1, 1, 1], 4, vec![0; 2]);
        assert!(matches!(
            Ct2Model::parse(&b.build()),
            Err(ConvertError::Malformed { .. })
        ));
        let mut bytes = small().build();
        let at = COUNT_AT + 4;
        bytes[at..at + 2].copy_from_slice(&u16::MAX.to_le_bytes());
        assert!(matches!(
            Ct2Model::parse(&bytes),
            Err(ConvertError::TooLarge { .. })
        ));
    }

    #[test]
    fn duplicate_names_and_dangling_aliases_are_errors() {
        let mut b = small();
        b.f16("a/w", &[1], &[0.0]);
        assert!(matches!(
            Ct2Model::parse(&b.build()),
            Err(ConvertError::DuplicateVariable(n)) if n == "a/w"
        ));
        let mut b = small();
        b.alias("b", "nowhere");
        assert!(matches!(
            Ct2Model::parse(&b.build()),
            Err(ConvertError::BadAlias { .. })
        ));
    }

    #[test]
    fn unknown_dtype_is_parsed_by_its_byte_count() {
        let mut b = Ct2Builder::default();
        b.raw("x", &[3], 9, vec![0; 5]);
        let bytes = b.build();
        let m = Ct2Model::parse(&bytes).unwrap();
        assert_eq!(m.variables[0].dtype, None);
        assert_eq!(m.variables[0].dtype_id, 9);
    }

    #[test]
    fn strings_without_nul_or_not_utf8_are_errors() {
        let mut bytes = small().build();
        // Spec name NUL (offset 4 + 2 + 11) replaced by 'x'.
        bytes[4 + 2 + 11] = b'x';
        assert!(matches!(
            Ct2Model::parse(&bytes),
            Err(ConvertError::Malformed { .. })
        ));
        let mut bytes = small().build();
        bytes[COUNT_AT + 4 + 2] = 0xff;
        assert!(matches!(
            Ct2Model::parse(&bytes),
            Err(ConvertError::Malformed { .. })
        ));
    }
}
