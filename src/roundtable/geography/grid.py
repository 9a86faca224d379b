"""OS National Grid references to latitude and longitude (WGS84), for maps.

Postcodes come with an OS grid reference (eastings and northings on the OSGB36
datum, Airy 1830 ellipsoid); web maps want WGS84 latitude and longitude. The
conversion follows Ordnance Survey's "A guide to coordinate systems in Great
Britain": the inverse Transverse Mercator projection gives OSGB36 latitude and
longitude (annex C), then a seven-parameter Helmert transformation moves them to
WGS84 (section 6.6), accurate to about five metres — enough to put a building on
a map and to measure which buildings are within a few hundred metres of another.
(OSTN15 would give centimetres but needs OS's grid files.) Pure functions, no
database.
"""

from __future__ import annotations

import math

# Airy 1830 (OSGB36) and GRS80/WGS84 ellipsoids: semi-major and semi-minor axes (m).
AIRY_A, AIRY_B = 6_377_563.396, 6_356_256.909
WGS84_A, WGS84_B = 6_378_137.000, 6_356_752.3141

# National Grid projection: scale factor on the central meridian, true origin
# (49°N, 2°W) and false origin (metres).
F0 = 0.9996012717
PHI0, LAMBDA0 = math.radians(49), math.radians(-2)
E0, N0 = 400_000.0, -100_000.0

# OSGB36 -> WGS84 Helmert parameters (the OS guide, table 4, with signs for this
# direction): translations (m), scale (ppm) and rotations (arc seconds).
TX, TY, TZ = 446.448, -125.157, 542.060
S_PPM = -20.4894
RX, RY, RZ = 0.1502, 0.2470, 0.8421


def grid_to_osgb36(eastings: float, northings: float) -> tuple[float, float]:
    """Latitude and longitude in degrees on the OSGB36 datum (the OS guide, C.2)."""
    a, b = AIRY_A, AIRY_B
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    phi = PHI0
    m = 0.0
    while True:
        phi = (northings - N0 - m) / (a * F0) + phi
        m = _meridional_arc(b, n, phi)
        if abs(northings - N0 - m) < 0.00001:
            break
    sin_phi, cos_phi, tan_phi = math.sin(phi), math.cos(phi), math.tan(phi)
    nu = a * F0 / math.sqrt(1 - e2 * sin_phi**2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin_phi**2) ** 1.5
    eta2 = nu / rho - 1
    sec_phi = 1 / cos_phi
    vii = tan_phi / (2 * rho * nu)
    viii = tan_phi / (24 * rho * nu**3) * (5 + 3 * tan_phi**2 + eta2 - 9 * tan_phi**2 * eta2)
    ix = tan_phi / (720 * rho * nu**5) * (61 + 90 * tan_phi**2 + 45 * tan_phi**4)
    x = sec_phi / nu
    xi = sec_phi / (6 * nu**3) * (nu / rho + 2 * tan_phi**2)
    xii = sec_phi / (120 * nu**5) * (5 + 28 * tan_phi**2 + 24 * tan_phi**4)
    xiia = sec_phi / (5040 * nu**7) * (61 + 662 * tan_phi**2 + 1320 * tan_phi**4 + 720 * tan_phi**6)
    de = eastings - E0
    lat = phi - vii * de**2 + viii * de**4 - ix * de**6
    lon = LAMBDA0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return math.degrees(lat), math.degrees(lon)


def _meridional_arc(b: float, n: float, phi: float) -> float:
    dp, sp = phi - PHI0, phi + PHI0
    return (
        b
        * F0
        * (
            (1 + n + 1.25 * n**2 + 1.25 * n**3) * dp
            - (3 * n + 3 * n**2 + 2.625 * n**3) * math.sin(dp) * math.cos(sp)
            + (1.875 * n**2 + 1.875 * n**3) * math.sin(2 * dp) * math.cos(2 * sp)
            - (35 / 24) * n**3 * math.sin(3 * dp) * math.cos(3 * sp)
        )
    )


def osgb36_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """Move an OSGB36 latitude and longitude (degrees) to WGS84 by Helmert."""
    x, y, z = _to_cartesian(math.radians(lat), math.radians(lon), AIRY_A, AIRY_B)
    s = S_PPM * 1e-6
    rx, ry, rz = (math.radians(r / 3600) for r in (RX, RY, RZ))
    x2 = TX + (1 + s) * x - rz * y + ry * z
    y2 = TY + rz * x + (1 + s) * y - rx * z
    z2 = TZ - ry * x + rx * y + (1 + s) * z
    phi, lam = _from_cartesian(x2, y2, z2, WGS84_A, WGS84_B)
    return math.degrees(phi), math.degrees(lam)


def grid_to_latlon(eastings: float, northings: float) -> tuple[float, float]:
    """WGS84 latitude and longitude (degrees, 6 decimals: about 10 cm) of a grid reference."""
    lat, lon = osgb36_to_wgs84(*grid_to_osgb36(eastings, northings))
    return round(lat, 6), round(lon, 6)


def _to_cartesian(phi: float, lam: float, a: float, b: float) -> tuple[float, float, float]:
    e2 = 1 - (b * b) / (a * a)
    nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    return (
        nu * math.cos(phi) * math.cos(lam),
        nu * math.cos(phi) * math.sin(lam),
        (1 - e2) * nu * math.sin(phi),
    )


def _from_cartesian(x: float, y: float, z: float, a: float, b: float) -> tuple[float, float]:
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - e2))
    while True:
        nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
        nxt = math.atan2(z + e2 * nu * math.sin(phi), p)
        if abs(nxt - phi) < 1e-12:
            return nxt, math.atan2(y, x)
        phi = nxt


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points (haversine, mean radius)."""
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))
