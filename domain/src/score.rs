//! Points: exact decimals with at most one digit after the point (Điều 13.1 thresholds are
//! compared on such values; e.g. 89.5 is B). Never a float.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A non-negative number of points with at most one decimal place (e.g. `45`, `89.5`).
///
/// Parse, don't validate: the field is private, so every `Points` value is valid.
/// Values are bounded by [`Points::LIMIT`] so sums can never overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Points(Decimal);

/// Why a number is not acceptable as points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    /// Below zero.
    #[error("points must not be negative: {0}")]
    Negative(Decimal),
    /// More than one digit after the decimal point.
    #[error("points take at most one decimal place: {0}")]
    TooManyDecimals(Decimal),
    /// Above [`Points::LIMIT`].
    #[error("points above the supported limit: {0}")]
    TooLarge(Decimal),
    /// Not a number.
    #[error("not a number: {0:?}")]
    NotANumber(String),
}

impl Points {
    /// Zero points.
    pub const ZERO: Points = Points(Decimal::ZERO);
    /// One hundred points, the maximum of a form (Điều 13.1).
    pub const HUNDRED: Points = Points(Decimal::ONE_HUNDRED);
    /// Largest representable value (far above any form's maximum).
    pub const LIMIT: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

    /// Parse text such as `"89.5"`.
    pub fn parse(text: &str) -> Result<Self, PointsError> {
        let d =
            Decimal::from_str(text.trim()).map_err(|_| PointsError::NotANumber(text.to_owned()))?;
        Self::try_from(d)
    }

    /// Whole points, e.g. `Points::whole(45)`; saturates at [`Points::LIMIT`].
    pub fn whole(n: u32) -> Self {
        Self(Decimal::from(n).min(Self::LIMIT))
    }

    /// Tenths of a point, e.g. `Points::tenths(895)` is 89.5; saturates at [`Points::LIMIT`].
    pub fn tenths(n: u32) -> Self {
        Self(Decimal::new(i64::from(n), 1).normalize().min(Self::LIMIT))
    }

    /// The exact decimal value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// Clamp an exact sum into `[0, max]` and keep one decimal place (truncating toward
    /// zero, which never happens for sums of `Points`).
    pub fn clamp_decimal(d: Decimal, max: Points) -> Points {
        let d = d.trunc_with_scale(1).normalize();
        Points(d.max(Decimal::ZERO).min(max.0))
    }
}

impl TryFrom<Decimal> for Points {
    type Error = PointsError;

    fn try_from(d: Decimal) -> Result<Self, Self::Error> {
        let n = d.normalize();
        if n.is_sign_negative() && !n.is_zero() {
            return Err(PointsError::Negative(d));
        }
        if n.scale() > 1 {
            return Err(PointsError::TooManyDecimals(d));
        }
        if n > Self::LIMIT {
            return Err(PointsError::TooLarge(d));
        }
        // normalize() of -0 is 0 with a sign bit; store a clean zero.
        Ok(Self(if n.is_zero() { Decimal::ZERO } else { n }))
    }
}

impl From<Points> for Decimal {
    fn from(p: Points) -> Self {
        p.0
    }
}

impl FromStr for Points {
    type Err = PointsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// JSON numbers (API.md: "scores are JSON numbers with at most one decimal"). A value with one
/// decimal survives the trip through `f64` exactly because `serde_json` prints the shortest
/// representation that round-trips.
impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.to_f64() {
            Some(f) if self.0.scale() > 0 => s.serialize_f64(f),
            _ => match self.0.to_u64() {
                Some(n) => s.serialize_u64(n),
                None => s.serialize_str(&self.0.to_string()),
            },
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // rust_decimal reads JSON numbers through their shortest text form, so 89.9 stays 89.9.
        let dec = <Decimal as Deserialize>::deserialize(d)?;
        Points::try_from(dec).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn accepts_one_decimal() {
        assert_eq!(Points::parse("89.5").unwrap(), Points::tenths(895));
        assert_eq!(Points::parse("45.0").unwrap(), Points::whole(45));
        assert_eq!(Points::parse("45.00").unwrap(), Points::whole(45));
        assert_eq!(Points::parse("-0").unwrap(), Points::ZERO);
    }

    #[test]
    fn rejects_bad_values() {
        assert!(matches!(
            Points::parse("89.55"),
            Err(PointsError::TooManyDecimals(_))
        ));
        assert!(matches!(Points::parse("-1"), Err(PointsError::Negative(_))));
        assert!(matches!(
            Points::parse("x"),
            Err(PointsError::NotANumber(_))
        ));
        assert!(matches!(
            Points::parse("10001"),
            Err(PointsError::TooLarge(_))
        ));
    }

    #[test]
    fn json_numbers() {
        let p: Points = serde_json::from_str("89.9").unwrap();
        assert_eq!(p, Points::tenths(899));
        assert_eq!(serde_json::to_string(&p).unwrap(), "89.9");
        assert_eq!(serde_json::to_string(&Points::whole(90)).unwrap(), "90");
        assert!(serde_json::from_str::<Points>("89.95").is_err());
        assert!(serde_json::from_str::<Points>("-2").is_err());
        let s: Points = serde_json::from_str("\"70.5\"").unwrap();
        assert_eq!(s, Points::tenths(705));
    }

    #[test]
    fn clamps() {
        let d = Decimal::new(1055, 1);
        assert_eq!(Points::clamp_decimal(d, Points::HUNDRED), Points::HUNDRED);
        assert_eq!(Points::clamp_decimal(-d, Points::HUNDRED), Points::ZERO);
        assert_eq!(
            Points::clamp_decimal(Decimal::new(505, 1), Points::HUNDRED),
            Points::tenths(505)
        );
    }
}
