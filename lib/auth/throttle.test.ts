import { describe, expect, it } from "vitest";
import { addressKeyOf } from "@/lib/auth/throttle";

describe("addressKeyOf", () => {
  it("counts an IPv4 address as itself, mapped into IPv6 or not", () => {
    expect(addressKeyOf("198.51.100.7")).toBe("198.51.100.7");
    expect(addressKeyOf("::ffff:198.51.100.7")).toBe("198.51.100.7");
  });

  it("counts an IPv6 address as its /64, however it is written", () => {
    for (const ip of ["2001:db8:a:b:1:2:3:4", "2001:0db8:000a:000b::ffff", "2001:db8:a:b::", "2001:DB8:A:B:0:0:192.0.2.1", "2001:db8:a:b::1%eth0"]) {
      expect(addressKeyOf(ip)).toBe("2001:db8:a:b::/64");
    }
    expect(addressKeyOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKeyOf("::1")).toBe("0:0:0:0::/64");
    expect(addressKeyOf("2001:db8:a:c::1")).not.toBe(addressKeyOf("2001:db8:a:b::1"));
  });

  it("leaves what is not an address as it is", () => {
    expect(addressKeyOf("unknown")).toBe("unknown");
  });
});
