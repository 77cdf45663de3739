//! The shop's products: every category × variant × spec, with its Taobao title (promo prefixes,
//! a few ASCII commas that force quoting), item id, price, SKU, English name and popularity.

use super::rng::{cumulative, Rng};
use super::tables::{BRAND, CATEGORIES, SUFFIX_PROMO};
use std::fmt::Write;

/// One product.
pub struct Product {
    /// The Taobao title.
    pub title: String,
    /// 宝贝ID (12 digits).
    pub item_id: u64,
    /// Price in cents.
    pub price: i64,
    /// Shopify SKU.
    pub sku: String,
    /// Shopify line-item name.
    pub en: String,
}

/// The catalogue and its popularity (Zipf-like: first specs and popular categories sell most).
pub struct Catalog {
    /// The products (fewer than 127: a product index fits 7 bits).
    pub products: Vec<Product>,
    /// Cumulative popularity, for [`Rng::weighted`].
    pub cw: Vec<f64>,
}

impl Catalog {
    /// The catalogue drawn from `rng`.
    pub fn generate(rng: &mut Rng) -> Catalog {
        let mut products = Vec::new();
        let mut pop = Vec::new();
        let mut used = Vec::new();
        for cat in CATEGORIES {
            for (vi, var) in cat.variants.iter().enumerate() {
                for (si, spec) in cat.specs.iter().enumerate() {
                    let item_id = loop {
                        let id = rng.range(600_000_000_000, 800_000_000_000) as u64;
                        if !used.contains(&id) {
                            used.push(id);
                            break id;
                        }
                    };
                    let promo = rng.pick(SUFFIX_PROMO);
                    let mut title = String::new();
                    let girl = if rng.chance(0.3) { "女" } else { "" };
                    let _ = write!(title, "{promo}{BRAND}{}{var}{girl}学生{spec}", cat.name);
                    if rng.chance(0.5) {
                        title.clear();
                        let _ = write!(title, "{promo}{BRAND}{}{var}男女通用{spec}", cat.name);
                    }
                    if rng.chance(0.04) {
                        title.push_str(",赠小样"); // an ASCII comma: the field must be quoted
                    }
                    let price = rng.range(i64::from(cat.price.0), i64::from(cat.price.1) + 1) * 100
                        - if rng.chance(0.6) { 100 } else { 0 }
                        + 90;
                    let spec_en = if spec.is_ascii() {
                        (*spec).to_string()
                    } else if cat.code == "LP" {
                        format!("Shade {:02}", si + 1)
                    } else {
                        format!("Style {}", si + 1)
                    };
                    let line = ["Classic", "Plus", "Sensitive"][vi % 3];
                    products.push(Product {
                        title,
                        item_id,
                        price: price.max(990),
                        sku: format!("HJJ-{}-{}{}", cat.code, vi + 1, si + 1),
                        en: format!("Huajianji {} {line} - {spec_en}", cat.en),
                    });
                    pop.push(cat.pop * (0.5 + rng.f64()) / (1.0 + si as f64 * 0.6));
                }
            }
        }
        Catalog { products, cw: cumulative(pop) }
    }

    /// A product by popularity.
    pub fn draw(&self, rng: &mut Rng) -> usize {
        rng.weighted(&self.cw)
    }

    /// Product `p` (the last one past the end).
    pub fn get(&self, p: usize) -> &Product {
        &self.products[p.min(self.products.len() - 1)]
    }
}

/// Up to five (product, quantity) pairs packed in a u64: count in bits 0–2, then 10 bits each
/// (7 bits product, 3 bits quantity).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Basket(u64);

impl Basket {
    /// Adds a line when there is room and the product is not in yet; false otherwise.
    pub fn add(&mut self, product: usize, qty: u32) -> bool {
        let n = self.len();
        if n >= 5 || self.iter().any(|(p, _)| p == product) {
            return false;
        }
        let line = ((product as u64) & 0x7F) | (u64::from(qty.min(7)) << 7);
        self.0 = (self.0 & !7) | (n as u64 + 1);
        self.0 |= line << (3 + 10 * n);
        true
    }

    /// Number of lines.
    pub fn len(self) -> usize {
        (self.0 & 7) as usize
    }

    /// No line.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The (product, quantity) lines.
    pub fn iter(self) -> impl Iterator<Item = (usize, u32)> {
        (0..self.len()).map(move |i| {
            let line = self.0 >> (3 + 10 * i);
            ((line & 0x7F) as usize, ((line >> 7) & 7) as u32)
        })
    }

    /// Total quantity.
    pub fn quantity(self) -> u32 {
        self.iter().map(|(_, q)| q).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_is_small_unique_and_priced() {
        let c = Catalog::generate(&mut Rng::new(1));
        assert!(c.products.len() < 127);
        let mut ids: Vec<u64> = c.products.iter().map(|p| p.item_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), c.products.len());
        assert!(c.products.iter().all(|p| p.price >= 990 && p.price % 100 == 90 && p.title.contains(BRAND)));
    }

    #[test]
    fn basket_packs_five_distinct_lines() {
        let mut b = Basket::default();
        assert!(b.add(86, 4));
        assert!(!b.add(86, 1));
        for p in 1..=4 {
            assert!(b.add(p, 1));
        }
        assert!(!b.add(9, 1));
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![(86, 4), (1, 1), (2, 1), (3, 1), (4, 1)]);
        assert_eq!(b.quantity(), 8);
    }
}
