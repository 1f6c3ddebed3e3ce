/** The useLoad key of a meeting's data (App starts that request early when a tab opens on the meeting). */
export const meetingLoadKey = (meetingId: string) => `meeting-${meetingId}`;
