-- The language a user chose for the screens (docs/SPEC.md, WB15): "da" or "en"; null = not chosen yet (Danish).
ALTER TABLE "User" ADD COLUMN "language" TEXT;

-- The accessibility statement (WB19): where the municipality publishes it in WAS-Tool, and whom to write to.
ALTER TABLE "Municipality" ADD COLUMN "wasToolUrl" TEXT;
ALTER TABLE "Municipality" ADD COLUMN "accessibilityContact" TEXT;
