/**
 * What every command, chart and the JSON API call each weapon, by its `WS_` code: one table, so
 * `/stats` never prints `COLT` beside `Thompson`. The names are those players know from the game's own
 * menus and stats screens, written out (the game's table clips some to ten characters: `Granatwerf`).
 * `WS_MORTAR2` is the Axis mortar and `WS_GRENADELAUNCHER` the rifle grenade of both sides' engineers.
 */
export const WEAPON_DISPLAY_NAMES = {
  WS_KNIFE: 'Knife',
  WS_KNIFE_KBAR: 'Ka-Bar',
  WS_LUGER: 'Luger',
  WS_COLT: 'Colt',
  WS_MP40: 'MP40',
  WS_THOMPSON: 'Thompson',
  WS_STEN: 'Sten',
  WS_FG42: 'FG42',
  WS_PANZERFAUST: 'Panzerfaust',
  WS_BAZOOKA: 'Bazooka',
  WS_FLAMETHROWER: 'Flamethrower',
  WS_GRENADE: 'Grenade',
  WS_MORTAR: 'Mortar',
  WS_MORTAR2: 'Granatwerfer',
  WS_DYNAMITE: 'Dynamite',
  WS_AIRSTRIKE: 'Airstrike',
  WS_ARTILLERY: 'Artillery',
  WS_SATCHEL: 'Satchel',
  WS_GRENADELAUNCHER: 'Rifle grenade',
  WS_LANDMINE: 'Landmine',
  WS_MG42: 'MG42',
  WS_BROWNING: 'Browning',
  WS_CARBINE: 'Carbine',
  WS_KAR98: 'K98',
  WS_GARAND: 'Garand',
  WS_K43: 'K43',
  WS_MP34: 'MP34',
  WS_SYRINGE: 'Syringe',
} as const;
