namespace Checkout.Platform.Addresses;

/// <summary>
/// Where addresses may be: the ISO 3166-1 alpha-2 codes (the 249 assigned ones, as tzdata's
/// iso3166.tab lists them), the subdivisions of the countries whose addresses need one, and
/// the countries the warehouses ship to.
/// </summary>
public static class AddressCountries
{
    /// <summary>Every assigned ISO 3166-1 alpha-2 code.</summary>
    public static readonly IReadOnlySet<string> Iso = new HashSet<string>(
        ("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ " +
        "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
        "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS " +
        "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
        "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ " +
        "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
        "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV " +
        "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
        "VN VU WF WS YE YT ZA ZM ZW")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>
    /// Where the warehouses ship (US-WEST-01 and US-EAST-01 to North America, EU-CENTRAL-01 to
    /// these European countries), and so where tax and shipping are priced.
    /// </summary>
    public static readonly IReadOnlySet<string> ShippedTo = new HashSet<string>(["US", "CA", "GB", "DE", "FR", "NL"], StringComparer.Ordinal);

    /// <summary>US states, the District of Columbia, the inhabited territories and the military "states" (USPS).</summary>
    public static readonly IReadOnlySet<string> UsStates = new HashSet<string>(
        ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY " +
        "DC PR GU VI AS MP AA AE AP").Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>Canada's provinces and territories (Canada Post).</summary>
    public static readonly IReadOnlySet<string> CanadianProvinces = new HashSet<string>(
        "AB BC MB NB NL NS NT NU ON PE QC SK YT".Split(' '), StringComparer.Ordinal);
}
