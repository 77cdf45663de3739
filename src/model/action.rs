//! What a buyer did in an interest event (metrics.md Part 2, "Interest in depth").

/// The action of an interest event, deepest first: a buyer's deepest action in a window is the
/// smallest of theirs in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Action {
    /// 加购: added to the cart.
    Cart = 0,
    /// 收藏宝贝: favourited an item.
    FavoriteItem = 1,
    /// 收藏店铺: followed the shop.
    FavoriteShop = 2,
    /// Anything else, and every event of a file without an action column.
    #[default]
    Other = 3,
}

impl Action {
    /// Every action, deepest first.
    pub const ALL: [Action; 4] = [Action::Cart, Action::FavoriteItem, Action::FavoriteShop, Action::Other];

    /// The key the report uses.
    pub fn key(self) -> &'static str {
        match self {
            Action::Cart => "cart",
            Action::FavoriteItem => "favorite_item",
            Action::FavoriteShop => "favorite_shop",
            Action::Other => "other",
        }
    }

    /// The action a 行为 cell names (its usual spellings, any case, spaces and `_`/`-` ignored in
    /// English); None for a text that names none of them (it counts as `other`).
    pub fn parse(text: &str) -> Option<Action> {
        let t: String = text
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect();
        Some(match t.as_str() {
            "加购" | "加入购物车" | "加购物车" | "购物车" | "addtocart" | "cart" | "addedtocart" => {
                Action::Cart
            }
            "收藏宝贝" | "收藏商品" | "宝贝收藏" | "商品收藏" | "favoriteitem" | "favouriteitem" | "favorite"
            | "favourite" => Action::FavoriteItem,
            "收藏店铺" | "关注店铺" | "店铺收藏" | "favoriteshop" | "favouriteshop" | "followshop" | "follow" => {
                Action::FavoriteShop
            }
            "其他" | "other" => Action::Other,
            _ => return None,
        })
    }

    /// The action stored as a byte (the wire between workers).
    pub fn from_u8(b: u8) -> Action {
        Action::ALL.get(usize::from(b)).copied().unwrap_or(Action::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_from_their_usual_spellings() {
        for (text, want) in [
            ("加购", Some(Action::Cart)),
            (" 加入购物车 ", Some(Action::Cart)),
            ("Add to cart", Some(Action::Cart)),
            ("add_to_cart", Some(Action::Cart)),
            ("收藏宝贝", Some(Action::FavoriteItem)),
            ("收藏商品", Some(Action::FavoriteItem)),
            ("Favorite item", Some(Action::FavoriteItem)),
            ("收藏店铺", Some(Action::FavoriteShop)),
            ("关注店铺", Some(Action::FavoriteShop)),
            ("follow shop", Some(Action::FavoriteShop)),
            ("其他", Some(Action::Other)),
            ("浏览", None),
            ("", None),
        ] {
            assert_eq!(Action::parse(text), want, "{text:?}");
        }
    }

    #[test]
    fn deepest_first_and_bytes_round_trip() {
        assert!(Action::Cart < Action::FavoriteItem && Action::FavoriteItem < Action::FavoriteShop);
        assert!(Action::FavoriteShop < Action::Other);
        for a in Action::ALL {
            assert_eq!(Action::from_u8(a as u8), a);
        }
        assert_eq!(Action::from_u8(200), Action::Other);
        assert_eq!(Action::ALL.map(Action::key), ["cart", "favorite_item", "favorite_shop", "other"]);
    }
}
