//! The reference data of the fictional shop (花间集旗舰店): provinces with their online-shopping
//! shares and conversion factors, sources, names, streets, the catalogue, couriers, and the
//! platforms' headers, written as the exports write them.

/// The shop's name in the Taobao export.
pub const SHOP_NAME: &str = "花间集旗舰店";
/// The shop's id in the Taobao export.
pub const SHOP_ID: &str = "113579246";
/// The brand in the titles.
pub const BRAND: &str = "花间集";
/// The Shopify vendor.
pub const SHOP_EN: &str = "Huajianji Official";
/// 订单状态 texts, by `Status as usize`.
pub const STATUS_TEXT: [&str; 5] =
    ["交易成功", "交易关闭", "等待买家付款", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货"];
/// 行为 texts of the interest file, by action code.
pub const ACTIONS: [&str; 3] = ["收藏宝贝", "收藏店铺", "加购"];
/// 类型 of after-sales tickets.
pub const TICKET_TYPES: [&str; 5] = ["退货", "换货", "维修", "咨询", "投诉"];
/// 渠道 of after-sales tickets, weighted (邮件 is for Shopify orders).
pub const TICKET_CHANNELS: [(&str, f64); 5] =
    [("千牛旺旺", 70.0), ("电话", 12.0), ("短信", 4.0), ("抖音私信", 6.0), ("邮件", 8.0)];

/// A province: (full name, first address token, short name, pinyin, Shopify code, share of online orders in %, conversion factor, cities).
pub struct Province {
    /// Full name, as CRM and events write it.
    pub full: &'static str,
    /// The first token of a Taobao address (`上海` for the municipalities).
    pub token: &'static str,
    /// Short name (`浙江`).
    pub short: &'static str,
    /// Pinyin (`Zhejiang`).
    pub pinyin: &'static str,
    /// Shopify's province code (`ZJ`).
    pub code: &'static str,
    /// Share of online orders, %.
    pub share: f64,
    /// Conversion factor (shipping cost, habits).
    pub conv: f64,
    /// Remote: postage on most orders.
    pub remote: bool,
    /// Cities.
    pub cities: &'static [City],
}
/// A city: name, pinyin, zip base, districts.
pub struct City {
    /// Name (`杭州市`).
    pub name: &'static str,
    /// Pinyin (`Hangzhou`).
    pub pinyin: &'static str,
    /// Zip code base.
    pub zip: u32,
    /// Districts.
    pub districts: &'static [&'static str],
}
/// The 31 mainland divisions with online-shopping shares.
#[rustfmt::skip]
pub const PROVINCES: &[Province] = &[
    Province { full: "广东省", token: "广东省", short: "广东", pinyin: "Guangdong", code: "GD", share: 14.0, conv: 1.05, remote: false, cities: &[City { name: "广州市", pinyin: "Guangzhou", zip: 510000, districts: &["天河区", "越秀区", "海珠区", "番禺区", "白云区"] }, City { name: "深圳市", pinyin: "Shenzhen", zip: 518000, districts: &["南山区", "福田区", "宝安区", "龙岗区", "罗湖区"] }, City { name: "东莞市", pinyin: "Dongguan", zip: 523000, districts: &["南城街道", "东城街道", "长安镇", "虎门镇"] }, City { name: "佛山市", pinyin: "Foshan", zip: 528000, districts: &["禅城区", "南海区", "顺德区"] }] },
    Province { full: "浙江省", token: "浙江省", short: "浙江", pinyin: "Zhejiang", code: "ZJ", share: 9.5, conv: 1.3, remote: false, cities: &[City { name: "杭州市", pinyin: "Hangzhou", zip: 310000, districts: &["西湖区", "拱墅区", "上城区", "滨江区", "余杭区"] }, City { name: "宁波市", pinyin: "Ningbo", zip: 315000, districts: &["鄞州区", "海曙区", "江北区"] }, City { name: "温州市", pinyin: "Wenzhou", zip: 325000, districts: &["鹿城区", "瓯海区", "龙湾区"] }, City { name: "金华市", pinyin: "Jinhua", zip: 321000, districts: &["婺城区", "义乌市"] }] },
    Province { full: "江苏省", token: "江苏省", short: "江苏", pinyin: "Jiangsu", code: "JS", share: 9.0, conv: 1.22, remote: false, cities: &[City { name: "南京市", pinyin: "Nanjing", zip: 210000, districts: &["玄武区", "鼓楼区", "建邺区", "江宁区"] }, City { name: "苏州市", pinyin: "Suzhou", zip: 215000, districts: &["姑苏区", "工业园区", "吴中区", "昆山市"] }, City { name: "无锡市", pinyin: "Wuxi", zip: 214000, districts: &["梁溪区", "滨湖区"] }, City { name: "常州市", pinyin: "Changzhou", zip: 213000, districts: &["天宁区", "武进区"] }] },
    Province { full: "上海", token: "上海", short: "上海", pinyin: "Shanghai", code: "SH", share: 6.5, conv: 1.35, remote: false, cities: &[City { name: "上海市", pinyin: "Shanghai", zip: 200000, districts: &["浦东新区", "徐汇区", "闵行区", "静安区", "杨浦区", "宝山区"] }] },
    Province { full: "北京", token: "北京", short: "北京", pinyin: "Beijing", code: "BJ", share: 5.5, conv: 1.15, remote: false, cities: &[City { name: "北京市", pinyin: "Beijing", zip: 100000, districts: &["朝阳区", "海淀区", "丰台区", "东城区", "西城区", "昌平区"] }] },
    Province { full: "山东省", token: "山东省", short: "山东", pinyin: "Shandong", code: "SD", share: 6.0, conv: 0.95, remote: false, cities: &[City { name: "济南市", pinyin: "Jinan", zip: 250000, districts: &["历下区", "市中区", "槐荫区"] }, City { name: "青岛市", pinyin: "Qingdao", zip: 266000, districts: &["市南区", "崂山区", "黄岛区"] }, City { name: "烟台市", pinyin: "Yantai", zip: 264000, districts: &["芝罘区", "莱山区"] }] },
    Province { full: "福建省", token: "福建省", short: "福建", pinyin: "Fujian", code: "FJ", share: 4.0, conv: 1.1, remote: false, cities: &[City { name: "福州市", pinyin: "Fuzhou", zip: 350000, districts: &["鼓楼区", "仓山区"] }, City { name: "厦门市", pinyin: "Xiamen", zip: 361000, districts: &["思明区", "湖里区"] }, City { name: "泉州市", pinyin: "Quanzhou", zip: 362000, districts: &["丰泽区", "晋江市"] }] },
    Province { full: "四川省", token: "四川省", short: "四川", pinyin: "Sichuan", code: "SC", share: 4.5, conv: 1.0, remote: false, cities: &[City { name: "成都市", pinyin: "Chengdu", zip: 610000, districts: &["武侯区", "锦江区", "成华区", "青羊区"] }, City { name: "绵阳市", pinyin: "Mianyang", zip: 621000, districts: &["涪城区", "游仙区"] }] },
    Province { full: "河南省", token: "河南省", short: "河南", pinyin: "Henan", code: "HA", share: 4.3, conv: 0.85, remote: false, cities: &[City { name: "郑州市", pinyin: "Zhengzhou", zip: 450000, districts: &["金水区", "二七区", "中原区"] }, City { name: "洛阳市", pinyin: "Luoyang", zip: 471000, districts: &["西工区", "洛龙区"] }] },
    Province { full: "湖北省", token: "湖北省", short: "湖北", pinyin: "Hubei", code: "HB", share: 3.6, conv: 0.95, remote: false, cities: &[City { name: "武汉市", pinyin: "Wuhan", zip: 430000, districts: &["武昌区", "洪山区", "江汉区", "江岸区"] }, City { name: "宜昌市", pinyin: "Yichang", zip: 443000, districts: &["西陵区", "伍家岗区"] }] },
    Province { full: "湖南省", token: "湖南省", short: "湖南", pinyin: "Hunan", code: "HN", share: 3.2, conv: 0.92, remote: false, cities: &[City { name: "长沙市", pinyin: "Changsha", zip: 410000, districts: &["岳麓区", "芙蓉区", "天心区", "开福区"] }, City { name: "株洲市", pinyin: "Zhuzhou", zip: 412000, districts: &["天元区", "芦淞区"] }] },
    Province { full: "河北省", token: "河北省", short: "河北", pinyin: "Hebei", code: "HE", share: 3.4, conv: 0.8, remote: false, cities: &[City { name: "石家庄市", pinyin: "Shijiazhuang", zip: 50000, districts: &["长安区", "桥西区", "裕华区"] }, City { name: "保定市", pinyin: "Baoding", zip: 71000, districts: &["竞秀区", "莲池区"] }, City { name: "廊坊市", pinyin: "Langfang", zip: 65000, districts: &["广阳区", "安次区"] }] },
    Province { full: "安徽省", token: "安徽省", short: "安徽", pinyin: "Anhui", code: "AH", share: 2.9, conv: 0.9, remote: false, cities: &[City { name: "合肥市", pinyin: "Hefei", zip: 230000, districts: &["蜀山区", "包河区", "庐阳区"] }, City { name: "芜湖市", pinyin: "Wuhu", zip: 241000, districts: &["镜湖区", "弋江区"] }] },
    Province { full: "辽宁省", token: "辽宁省", short: "辽宁", pinyin: "Liaoning", code: "LN", share: 2.4, conv: 0.82, remote: false, cities: &[City { name: "沈阳市", pinyin: "Shenyang", zip: 110000, districts: &["和平区", "沈河区", "浑南区"] }, City { name: "大连市", pinyin: "Dalian", zip: 116000, districts: &["中山区", "沙河口区", "甘井子区"] }] },
    Province { full: "陕西省", token: "陕西省", short: "陕西", pinyin: "Shaanxi", code: "SN", share: 2.2, conv: 0.9, remote: false, cities: &[City { name: "西安市", pinyin: "Xi'an", zip: 710000, districts: &["雁塔区", "碑林区", "未央区", "长安区"] }] },
    Province { full: "重庆", token: "重庆", short: "重庆", pinyin: "Chongqing", code: "CQ", share: 2.1, conv: 0.95, remote: false, cities: &[City { name: "重庆市", pinyin: "Chongqing", zip: 400000, districts: &["渝北区", "江北区", "九龙坡区", "南岸区", "渝中区"] }] },
    Province { full: "天津", token: "天津", short: "天津", pinyin: "Tianjin", code: "TJ", share: 1.7, conv: 0.95, remote: false, cities: &[City { name: "天津市", pinyin: "Tianjin", zip: 300000, districts: &["南开区", "和平区", "河西区", "滨海新区"] }] },
    Province { full: "江西省", token: "江西省", short: "江西", pinyin: "Jiangxi", code: "JX", share: 1.9, conv: 0.85, remote: false, cities: &[City { name: "南昌市", pinyin: "Nanchang", zip: 330000, districts: &["东湖区", "红谷滩区", "青山湖区"] }, City { name: "赣州市", pinyin: "Ganzhou", zip: 341000, districts: &["章贡区"] }] },
    Province { full: "广西壮族自治区", token: "广西壮族自治区", short: "广西", pinyin: "Guangxi", code: "GX", share: 1.9, conv: 0.8, remote: false, cities: &[City { name: "南宁市", pinyin: "Nanning", zip: 530000, districts: &["青秀区", "西乡塘区", "兴宁区"] }, City { name: "桂林市", pinyin: "Guilin", zip: 541000, districts: &["七星区", "象山区"] }] },
    Province { full: "云南省", token: "云南省", short: "云南", pinyin: "Yunnan", code: "YN", share: 1.7, conv: 0.78, remote: false, cities: &[City { name: "昆明市", pinyin: "Kunming", zip: 650000, districts: &["五华区", "盘龙区", "官渡区"] }] },
    Province { full: "山西省", token: "山西省", short: "山西", pinyin: "Shanxi", code: "SX", share: 1.5, conv: 0.78, remote: false, cities: &[City { name: "太原市", pinyin: "Taiyuan", zip: 30000, districts: &["小店区", "迎泽区", "杏花岭区"] }] },
    Province { full: "黑龙江省", token: "黑龙江省", short: "黑龙江", pinyin: "Heilongjiang", code: "HL", share: 1.4, conv: 0.72, remote: false, cities: &[City { name: "哈尔滨市", pinyin: "Harbin", zip: 150000, districts: &["南岗区", "道里区", "香坊区"] }] },
    Province { full: "吉林省", token: "吉林省", short: "吉林", pinyin: "Jilin", code: "JL", share: 1.0, conv: 0.75, remote: false, cities: &[City { name: "长春市", pinyin: "Changchun", zip: 130000, districts: &["朝阳区", "南关区", "绿园区"] }] },
    Province { full: "贵州省", token: "贵州省", short: "贵州", pinyin: "Guizhou", code: "GZ", share: 1.1, conv: 0.78, remote: false, cities: &[City { name: "贵阳市", pinyin: "Guiyang", zip: 550000, districts: &["云岩区", "观山湖区", "南明区"] }] },
    Province { full: "内蒙古自治区", token: "内蒙古自治区", short: "内蒙古", pinyin: "Inner Mongolia", code: "NM", share: 0.8, conv: 0.62, remote: true, cities: &[City { name: "呼和浩特市", pinyin: "Hohhot", zip: 10000, districts: &["新城区", "赛罕区", "回民区"] }] },
    Province { full: "新疆维吾尔自治区", token: "新疆维吾尔自治区", short: "新疆", pinyin: "Xinjiang", code: "XJ", share: 0.7, conv: 0.45, remote: true, cities: &[City { name: "乌鲁木齐市", pinyin: "Urumqi", zip: 830000, districts: &["天山区", "沙依巴克区", "新市区"] }] },
    Province { full: "甘肃省", token: "甘肃省", short: "甘肃", pinyin: "Gansu", code: "GS", share: 0.6, conv: 0.6, remote: true, cities: &[City { name: "兰州市", pinyin: "Lanzhou", zip: 730000, districts: &["城关区", "七里河区", "安宁区"] }] },
    Province { full: "海南省", token: "海南省", short: "海南", pinyin: "Hainan", code: "HI", share: 0.6, conv: 0.7, remote: true, cities: &[City { name: "海口市", pinyin: "Haikou", zip: 570000, districts: &["龙华区", "美兰区"] }, City { name: "三亚市", pinyin: "Sanya", zip: 572000, districts: &["吉阳区", "天涯区"] }] },
    Province { full: "宁夏回族自治区", token: "宁夏回族自治区", short: "宁夏", pinyin: "Ningxia", code: "NX", share: 0.3, conv: 0.58, remote: true, cities: &[City { name: "银川市", pinyin: "Yinchuan", zip: 750000, districts: &["兴庆区", "金凤区"] }] },
    Province { full: "青海省", token: "青海省", short: "青海", pinyin: "Qinghai", code: "QH", share: 0.2, conv: 0.5, remote: true, cities: &[City { name: "西宁市", pinyin: "Xining", zip: 810000, districts: &["城中区", "城西区", "城东区"] }] },
    Province { full: "西藏自治区", token: "西藏自治区", short: "西藏", pinyin: "Tibet", code: "XZ", share: 0.1, conv: 0.4, remote: true, cities: &[City { name: "拉萨市", pinyin: "Lhasa", zip: 850000, districts: &["城关区", "堆龙德庆区"] }] },
];
/// 来源: (name, weight, conversion factor).
pub const SOURCES: &[(&str, f64, f64)] = &[
    ("自然搜索", 34.0, 1.1),
    ("直通车", 18.0, 1.0),
    ("淘宝客", 9.0, 0.85),
    ("抖音", 13.0, 0.5),
    ("小红书", 8.0, 0.75),
    ("微博", 5.0, 0.42),
    ("老客推荐", 7.0, 1.9),
    ("聚划算", 6.0, 1.3),
];
/// Surnames with their pinyin, most common first.
#[rustfmt::skip]
pub const SURNAMES: &[(&str, &str)] = &[("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"), ("高", "gao"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("袁", "yuan"), ("潘", "pan"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"), ("杜", "du"), ("叶", "ye"), ("程", "cheng"), ("魏", "wei"), ("苏", "su"), ("吕", "lv"), ("丁", "ding"), ("任", "ren"), ("沈", "shen"), ("姚", "yao"), ("卢", "lu"), ("姜", "jiang"), ("崔", "cui"), ("钟", "zhong"), ("谭", "tan"), ("陆", "lu"), ("汪", "wang"), ("范", "fan"), ("金", "jin"), ("石", "shi"), ("廖", "liao"), ("贾", "jia"), ("夏", "xia"), ("韦", "wei"), ("付", "fu"), ("方", "fang"), ("白", "bai"), ("邹", "zou"), ("孟", "meng"), ("熊", "xiong"), ("秦", "qin"), ("邱", "qiu"), ("江", "jiang"), ("尹", "yin"), ("薛", "xue"), ("闫", "yan"), ("段", "duan"), ("雷", "lei"), ("侯", "hou"), ("龙", "long"), ("史", "shi"), ("陶", "tao"), ("黎", "li"), ("贺", "he"), ("顾", "gu"), ("毛", "mao"), ("郝", "hao"), ("龚", "gong"), ("邵", "shao"), ("万", "wan"), ("钱", "qian"), ("严", "yan"), ("覃", "qin"), ("武", "wu"), ("戴", "dai"), ("莫", "mo"), ("孔", "kong"), ("向", "xiang"), ("汤", "tang")];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const GIVEN_F: &[(&str, &str)] = &[("婷", "ting"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("燕", "yan"), ("娟", "juan"), ("霞", "xia"), ("萍", "ping"), ("雪", "xue"), ("慧", "hui"), ("颖", "ying"), ("琳", "lin"), ("欣", "xin"), ("怡", "yi"), ("佳", "jia"), ("梦", "meng"), ("雨", "yu"), ("晴", "qing"), ("悦", "yue"), ("思", "si"), ("涵", "han"), ("诗", "shi"), ("倩", "qian"), ("璐", "lu"), ("瑶", "yao"), ("玲", "ling")];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const GIVEN_M: &[(&str, &str)] = &[("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("浩", "hao"), ("宇", "yu"), ("鹏", "peng"), ("辉", "hui"), ("刚", "gang"), ("斌", "bin"), ("凯", "kai"), ("俊", "jun"), ("博", "bo"), ("晨", "chen"), ("阳", "yang")];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const STREETS: &[(&str, &str)] = &[("文三路", "Wensan Rd"), ("人民路", "Renmin Rd"), ("解放路", "Jiefang Rd"), ("中山路", "Zhongshan Rd"), ("建设路", "Jianshe Rd"), ("新华路", "Xinhua Rd"), ("和平路", "Heping Rd"), ("长江路", "Changjiang Rd"), ("黄河路", "Huanghe Rd"), ("学院路", "Xueyuan Rd"), ("东风路", "Dongfeng Rd"), ("青年路", "Qingnian Rd"), ("花园路", "Huayuan Rd"), ("胜利路", "Shengli Rd"), ("幸福路", "Xingfu Rd"), ("延安路", "Yan'an Rd"), ("光明路", "Guangming Rd"), ("滨江大道", "Binjiang Ave"), ("科技路", "Keji Rd"), ("创业路", "Chuangye Rd"), ("工农路", "Gongnong Rd"), ("朝阳路", "Chaoyang Rd"), ("金沙路", "Jinsha Rd"), ("望江路", "Wangjiang Rd")];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const NICK_ADJ: &[&str] = &["快乐的", "爱吃", "安静的", "温柔的", "努力的", "会飞的", "不吃香菜的", "想睡觉的", "小", "大大的", "甜甜的", "开心", "迷糊的", "认真的", "酷酷的"];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const NICK_NOUN: &[&str] = &["小鱼", "兔子", "猫咪", "橙子", "草莓", "熊猫", "芒果", "星星", "月亮", "柠檬", "奶茶", "布丁", "小熊", "葡萄", "西瓜", "饺子", "棉花糖", "向日葵", "小仙女", "土豆"];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const COMPOUNDS: &[&str] = &["阳光花园", "锦绣家园", "翠苑", "万科城", "保利香槟", "金色港湾", "绿城桂花园", "碧桂园", "龙湖春江郦城", "世纪新城", "时代广场", "创业大厦", "软件园", "国际中心"];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const TAGS: &[&str] = &["敏感肌", "油皮", "干皮", "混油皮", "学生党", "宝妈", "职场白领", "价格敏感", "直播粉丝", "会员日活跃", "爱评价", "成分党", "送礼"];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const BUYER_MSGS: &[&str] = &["请尽快发货，谢谢", "送人的，不要放发票", "麻烦多送点小样", "快递放驿站就行", "周末不在家，请工作日送达", "不要中通", "发顺丰可以补邮费", "生日礼物，帮忙包装好一点", "请核对色号再发", "小样要正装同款", "谢谢老板", "有赠品吗", "能开发票吗", "放门卫室", "给个大点的箱子，别压坏了"];
#[allow(missing_docs)]
pub const REMARKS: &[&str] =
    &["已备注赠品", "VIP客户优先发", "补发小样", "地址已核实", "改发顺丰", "合并发货", "已联系确认色号", "缺货延迟发"];
#[allow(missing_docs)]
pub const INVOICE: &[&str] = &["个人", "杭州某某科技有限公司", "上海某某贸易有限公司", "个人"];
#[allow(missing_docs)]
pub const AGENTS: &[&str] = &[
    "坐席01-林晓",
    "坐席02-陈露",
    "坐席03-王涛",
    "坐席04-周敏",
    "坐席05-赵磊",
    "坐席06-孙悦",
    "坐席07-李娜",
    "坐席08-吴昊",
    "坐席09-郑欣",
    "坐席10-何静",
];
#[allow(missing_docs)]
pub const CALL_TASKS: &[&str] = &["沉睡客户唤醒", "老客复购回访", "加购未付款提醒", "大促预热通知", "新品试用邀请"];
#[allow(missing_docs)]
pub const SUFFIX_PROMO: &[&str] = &["【官方正品】", "【618狂欢】", "【双11预售】", "【新品首发】", "", "", ""];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const TAOBAO_HEADER: &[&str] = &["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "买家支付积分", "总金额", "返点积分", "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言", "收货人姓名", "收货地址 ", "运送方式", "联系电话 ", "联系手机", "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注", "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "卖家服务费", "买家服务费", "发票抬头", "是否手机订单", "分阶段订单信息", "特权订金订单id", "是否上传合同照片", "是否上传小票", "是否代付", "定金排名", "修改后的sku", "修改后的收货地址", "异常信息", "天猫卡券抵扣", "集分宝抵扣", "是否是O2O交易", "退款金额", "预约门店", "确认收货时间", "打款商家金额"];
#[allow(missing_docs)]
#[rustfmt::skip]
pub const SHOPIFY_HEADER: &[&str] = &["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip", "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References"];
#[allow(missing_docs)]
pub const CRM_HEADER: &[&str] = &[
    "客户ID",
    "买家会员名",
    "性别",
    "年龄",
    "生日",
    "省份",
    "城市",
    "会员等级",
    "来源",
    "标签",
    "手机号",
    "邮箱",
    "入会时间",
    "首次购买时间",
    "最近购买时间",
    "累计购买次数",
    "累计消费金额",
];
#[allow(missing_docs)]
pub const EVENT_HEADER: &[&str] = &["买家会员名", "行为", "时间", "宝贝ID", "省份"];
#[allow(missing_docs)]
pub const CALL_HEADER: &[&str] =
    &["坐席", "外呼任务", "客户", "客户手机", "呼叫时间", "通话时长(秒)", "是否接通", "是否成交"];
#[allow(missing_docs)]
pub const TICKET_HEADER: &[&str] =
    &["工单号", "买家会员名", "订单编号", "类型", "渠道", "创建时间", "首次响应时间", "解决时间", "状态", "满意度"];
/// Agents' skill (deal-rate factor), by AGENTS.
pub const AGENT_SKILL: &[f64] = &[1.15, 1.0, 0.85, 1.1, 0.9, 1.0, 1.25, 0.8, 1.0, 0.95];
/// Hour-of-day weights of shopping (evening peak).
pub const HOUR_W: &[f64] = &[
    0.9, 0.45, 0.22, 0.12, 0.08, 0.1, 0.25, 0.5, 0.85, 1.1, 1.35, 1.3, 1.2, 1.3, 1.4, 1.4, 1.3, 1.1, 1.0, 1.3, 1.8,
    2.1, 2.0, 1.4,
];
/// Couriers: (name, weight, tracking prefix, tracking length).
pub const LOGISTICS: &[(&str, f64, &str, u32)] = &[
    ("中通快递", 26.0, "7", 14),
    ("圆通速递", 20.0, "YT", 13),
    ("韵达快递", 17.0, "43", 13),
    ("申通快递", 12.0, "77", 13),
    ("极兔速递", 9.0, "JT", 13),
    ("顺丰速运", 9.0, "SF", 13),
    ("邮政快递包裹", 4.0, "98", 11),
    ("EMS", 3.0, "11", 11),
];
/// Close reasons of never-paid orders, weighted.
pub const CLOSE_UNPAID: &[(&str, f64)] = &[
    ("买家未付款", 70.0),
    ("买家不想买了", 12.0),
    ("信息填写错误，重新拍", 8.0),
    ("我不想买了", 6.0),
    ("卖家缺货", 2.0),
    ("其他原因", 2.0),
];
/// A product category.
pub struct Category {
    /// Chinese name.
    pub name: &'static str,
    /// SKU code.
    pub code: &'static str,
    /// English name (Shopify).
    pub en: &'static str,
    /// Price range, yuan.
    pub price: (u32, u32),
    /// Popularity.
    pub pop: f64,
    /// Variants.
    pub variants: &'static [&'static str],
    /// Specs.
    pub specs: &'static [&'static str],
}
/// The shop's catalogue.
#[rustfmt::skip]
pub const CATEGORIES: &[Category] = &[
    Category { name: "氨基酸洁面乳", code: "CL", en: "Amino Acid Cleanser", price: (39, 89), pop: 10.0, variants: &["温和清洁控油", "深层清洁毛孔", "敏感肌可用"], specs: &["120g", "100ml"] },
    Category { name: "玻尿酸补水面膜", code: "MK", en: "Hyaluronic Sheet Mask", price: (59, 139), pop: 12.0, variants: &["补水保湿", "修护舒缓", "熬夜急救"], specs: &["10片装", "20片装", "5片装"] },
    Category { name: "烟酰胺精华液", code: "SE", en: "Niacinamide Serum", price: (129, 299), pop: 8.0, variants: &["提亮肤色", "淡化痘印", "抗初老"], specs: &["30ml", "50ml"] },
    Category { name: "面霜", code: "CR", en: "Face Cream", price: (99, 259), pop: 7.0, variants: &["保湿修护", "紧致抗皱", "清爽不油腻"], specs: &["50g", "30g"] },
    Category { name: "防晒霜", code: "SP", en: "Sunscreen", price: (69, 159), pop: 9.0, variants: &["SPF50+ PA++++", "清爽不假白", "军训户外"], specs: &["50ml", "30ml"] },
    Category { name: "口红", code: "LP", en: "Velvet Lipstick", price: (79, 169), pop: 9.0, variants: &["丝绒哑光", "滋润显白", "不易掉色"], specs: &["#01正红", "#03豆沙", "#05枫叶红", "#07奶茶"] },
    Category { name: "气垫BB霜", code: "CU", en: "Cushion BB Cream", price: (99, 199), pop: 6.0, variants: &["遮瑕持妆", "水润服帖", "控油不脱妆"], specs: &["象牙白", "自然色"] },
    Category { name: "卸妆水", code: "RM", en: "Micellar Water", price: (49, 99), pop: 6.0, variants: &["温和无刺激", "眼唇可用", "深层卸妆"], specs: &["500ml", "300ml"] },
    Category { name: "护手霜礼盒", code: "HC", en: "Hand Cream Gift Set", price: (49, 129), pop: 4.0, variants: &["滋润保湿", "送女友礼物", "香氛持久"], specs: &["5支装", "3支装"] },
    Category { name: "身体乳", code: "BL", en: "Body Lotion", price: (59, 139), pop: 5.0, variants: &["香体保湿", "去鸡皮", "秋冬滋润"], specs: &["400ml", "250ml"] },
    Category { name: "眼霜", code: "EY", en: "Eye Cream", price: (139, 329), pop: 4.0, variants: &["淡化细纹", "去黑眼圈", "紧致提拉"], specs: &["15g", "20g"] },
    Category { name: "洗发水", code: "SH", en: "Shampoo", price: (49, 109), pop: 5.0, variants: &["控油蓬松", "去屑止痒", "无硅油"], specs: &["500ml", "750ml"] },
];
