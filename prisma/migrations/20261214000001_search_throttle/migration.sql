-- SE8: the search throttle's buckets, one row per user who searched lately, shared by every instance; the
-- purge deletes the rows whose time has passed.

-- CreateTable
CREATE TABLE "SearchThrottle" (
    "userId" TEXT NOT NULL,
    "fullAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SearchThrottle_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "SearchThrottle_fullAt_idx" ON "SearchThrottle"("fullAt");
