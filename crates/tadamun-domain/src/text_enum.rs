//! A macro for enumerations stored as `text` with a `check` constraint: one list of
//! variants gives `as_str`, `parse`, `ALL` and serde, so the SQL check, the form
//! options and the fluent keys all come from the same names.

#[macro_export]
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident, $field:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Result<Self, $crate::FieldError> {
                let t = s.trim();
                match t {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::FieldError::new(
                        $field,
                        "unknown-choice",
                        format!("'{}' is not one of: {}", t, [$($text),+].join(", ")),
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
