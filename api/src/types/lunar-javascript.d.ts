// lunar-javascript ships no type declarations; these cover the few calls the holiday derivation makes.
declare module "lunar-javascript" {
  export interface Solar {
    toYmd(): string;
    next(days: number): Solar;
    getLunar(): Lunar;
  }
  export interface Lunar {
    getSolar(): Solar;
    getJieQiTable(): Record<string, Solar>;
  }
  export const Solar: { fromYmd(year: number, month: number, day: number): Solar };
  export const Lunar: { fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): Lunar };
}
