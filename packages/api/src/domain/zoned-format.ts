/**
 * A per-time-zone cache of one `Intl.DateTimeFormat` shape: making a formatter costs far more
 * than using one, and hot paths (each send) ask for the same few zones. An unknown zone throws
 * `RangeError` as the constructor does, and is not cached.
 */
export function zonedFormat(
  options: Omit<Intl.DateTimeFormatOptions, "timeZone">,
): (timeZone: string) => Intl.DateTimeFormat {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let format = formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
      // Zones come from tenants' settings: a bounded set in practice, but never let it grow without end.
      if (formats.size >= 1_000) formats.clear();
      formats.set(timeZone, format);
    }
    return format;
  };
}
